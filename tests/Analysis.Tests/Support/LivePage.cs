using PuppeteerSharp;

namespace Sweep.Analysis.Tests.Support;

/// <summary>
/// A page loaded in Debian's chromium through the DevTools protocol (PuppeteerSharp, never downloading a
/// browser): tests read what the browser did, not the HTML text. Records console errors, uncaught page
/// errors and every request the page made.
/// </summary>
public sealed class LivePage : IAsyncDisposable
{
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    private LivePage(IBrowser browser, IPage page)
    {
        _browser = browser;
        Page = page;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                lock (_errors)
                {
                    _errors.Add("console: " + e.Message.Text);
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + e.Message);
            }
        };
        page.Request += (_, e) =>
        {
            lock (_requests)
            {
                _requests.Add(e.Request.Url);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Opens <paramref name="url"/> in a viewport <paramref name="width"/> px wide and waits for its load event.</summary>
    public static async Task<LivePage> OpenAsync(string url, int width = 1400, int height = 1000)
    {
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = HeadlessChromium.ExecutablePath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            Timeout = 60_000,
        });
        try
        {
            var page = await browser.NewPageAsync();
            var live = new LivePage(browser, page);
            await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
            await page.GoToAsync(url, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
            return live;
        }
        catch
        {
            await browser.CloseAsync();
            browser.Dispose();
            throw;
        }
    }

    public Task<T> EvaluateAsync<T>(string expression) => Page.EvaluateExpressionAsync<T>(expression);

    /// <summary>Waits (with a deadline, polling in the browser) until <paramref name="expression"/> is truthy.</summary>
    public Task WaitForAsync(string expression, int timeoutMs = 30_000) =>
        Page.WaitForFunctionAsync($"() => !!({expression})", new WaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 50 });

    public async Task ResizeAsync(int width, int height = 1000)
    {
        await Page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        // A resize event is dispatched before the viewport promise resolves; one animation frame lets charts redraw.
        await Page.EvaluateExpressionAsync("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    /// <summary>Elements whose right edge passes the viewport (or the page wider than it), as "tag#id.class width".</summary>
    public Task<string[]> OverflowingElementsAsync() => EvaluateAsync<string[]>("""
        (() => {
          const w = document.documentElement.clientWidth, out = [];
          if (document.documentElement.scrollWidth > w) { out.push('page scrollWidth ' + document.documentElement.scrollWidth + ' > ' + w); }
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > w + 0.5) { out.push(el.tagName + '#' + el.id + '.' + el.className + ' right ' + Math.round(r.right)); }
          }
          return out.slice(0, 20);
        })()
        """);

    public Task ScreenshotAsync(string pngFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pngFile)!);
        return Page.ScreenshotAsync(pngFile, new ScreenshotOptions { FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
    }
}

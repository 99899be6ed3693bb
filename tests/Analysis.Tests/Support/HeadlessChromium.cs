using System.Diagnostics;
using System.Text;

namespace Sweep.Analysis.Tests.Support;

/// <summary>
/// Debian's chromium, run headless. When it is missing the first use installs it with
/// <c>apt-get install -y chromium</c> (CI runs as root with apt access; about 45 s on a fresh
/// machine). When that is impossible, <see cref="UnavailableReason"/> says why and the tests
/// marked <see cref="ChromiumFactAttribute"/> are skipped with that reason.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly Lazy<(string? Path, string? Reason)> Installed = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string? UnavailableReason => Installed.Value.Reason;

    /// <summary>The browser's executable (installing it first when missing).</summary>
    public static string ExecutablePath => Installed.Value.Path ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary>Result of loading a page: the DOM after scripts ran, and the browser's console messages.</summary>
    public sealed record PageLoad(string Dom, IReadOnlyList<string> ConsoleMessages, string Stderr);

    public static PageLoad DumpDom(string htmlFile)
    {
        var (stdout, stderr) = Run(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);
        var console = stderr.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        return new PageLoad(stdout, console, stderr);
    }

    public static void Screenshot(string htmlFile, string pngFile, int width = 1400, int height = 3200)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pngFile)!);
        Run([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri]);
    }

    private static (string Stdout, string Stderr) Run(IEnumerable<string> arguments)
    {
        string path = Installed.Value.Path ?? throw new InvalidOperationException(UnavailableReason);
        string profile = Directory.CreateTempSubdirectory("sweep-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}",
            }.Concat(arguments))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 90 s: {string.Join(' ', info.ArgumentList)}");
            }

            return (stdout.Result, stderr.Result);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static (string? Path, string? Reason) Locate()
    {
        if (Find() is { } existing)
        {
            return (existing, null);
        }

        if (!File.Exists("/usr/bin/apt-get"))
        {
            return (null, "chromium is not installed and apt-get is not available to install it");
        }

        var log = new StringBuilder();
        bool installed = Apt(log, "install", "-y", "-q", "chromium") || (Apt(log, "update", "-q") && Apt(log, "install", "-y", "-q", "chromium"));
        if (installed && Find() is { } path)
        {
            return (path, null);
        }

        string tail = log.Length > 600 ? log.ToString()[^600..] : log.ToString();
        return (null, $"chromium is not installed and 'apt-get install -y chromium' failed (needs root and access to a Debian mirror): {tail}");
    }

    private static string? Find() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    private static bool Apt(StringBuilder log, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("/usr/bin/apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                log.AppendLine("apt-get timed out after 10 minutes");
                return false;
            }

            log.Append(stderr.Result);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.AppendLine(e.Message);
            return false;
        }
    }
}

/// <summary>A fact that needs chromium: installs it on first use, or is skipped with the reason it cannot be had.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}

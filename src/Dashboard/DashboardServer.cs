using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sweep.Dashboard;

/// <summary>
/// Serves the live page of a running sweep: <c>GET /</c> (the page, chart library inlined) and
/// <c>GET /api/state</c> (<see cref="DashboardState.Json"/>). Read-only: every other method is refused
/// (405), every other path is 404. Off loopback, both need the token (query <c>token=</c> or header
/// <c>X-Sweep-Token</c>), else 401. The Content-Security-Policy forbids the page any request but to
/// this server. Dispose stops it (the sweep's end).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string TokenHeader = "X-Sweep-Token";

    private const string Csp =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";

    private readonly HttpListener _listener;
    private readonly DashboardState _state;
    private readonly byte[]? _token;
    private readonly Lazy<byte[]> _page;
    private readonly Task _loop;

    private DashboardServer(HttpListener listener, DashboardState state, string? token, Uri url)
    {
        _listener = listener;
        _state = state;
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        Url = url;
        _page = new(() => Encoding.UTF8.GetBytes(DashboardPage.Html()));
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>The page's address, token included where one is needed: what to print and open.</summary>
    public Uri Url { get; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="ArgumentException">The address is not an IP address of this form, or the port is out of range.</exception>
    /// <exception cref="IOException">The address and port cannot be bound (in use, not this machine's).</exception>
    public static DashboardServer Start(DashboardState state, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new ArgumentException($"Dashboard address '{options.Address}' is not an IP address (use 127.0.0.1 for this machine only, or an address of one of its interfaces).", nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Dashboard port {options.Port} is outside 0..65535.", nameof(options));
        }

        string? token = TokenFor(address, options.Token);
        bool any = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        string host = any ? "+" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        // Port 0: ask the OS for a free port, then bind it (retried, since another process may take it in between).
        for (int attempt = 0; ; attempt++)
        {
            int port = options.Port != 0 ? options.Port : FreePort(address);
            var listener = new HttpListener();
            listener.Prefixes.Add(string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/"));
            try
            {
                listener.Start();
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                if (options.Port == 0 && attempt < 5)
                {
                    continue;
                }

                throw new IOException($"The dashboard cannot listen on {options.Address}:{port}: {e.Message}", e);
            }

            string shown = any ? (address.AddressFamily == AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1") : host;
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{shown}:{port}/") + (token is null ? "" : "?token=" + token));
            return new DashboardServer(listener, state, token, url);
        }
    }

    /// <summary>The token the page will need: the given one, else none on loopback and a fresh random one (32 hex digits) on any other address.</summary>
    internal static string? TokenFor(IPAddress address, string? given) =>
        given ?? (IPAddress.IsLoopback(address) ? null : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Handle(context));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            response.Headers["Cache-Control"] = "no-store";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            var request = context.Request;
            string path = request.Url?.AbsolutePath ?? "/";
            if (request.HttpMethod is not ("GET" or "HEAD"))
            {
                response.Headers["Allow"] = "GET, HEAD";
                Send(response, 405, "text/plain", "The dashboard is read-only.\n"u8.ToArray());
            }
            else if (!Authorized(request))
            {
                Send(response, 401, "text/plain", "This dashboard needs its token: open the URL the sweep printed (…?token=…).\n"u8.ToArray());
            }
            else if (path == "/")
            {
                response.Headers["Content-Security-Policy"] = Csp;
                Send(response, 200, "text/html; charset=utf-8", _page.Value);
            }
            else if (path == "/api/state")
            {
                Send(response, 200, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(_state.Json()));
            }
            else
            {
                Send(response, 404, "text/plain", "Not found.\n"u8.ToArray());
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The browser went away or the server is stopping: nothing to answer.
        }
        finally
        {
            response.Close();
        }
    }

    private bool Authorized(HttpListenerRequest request)
    {
        if (_token is null)
        {
            return true;
        }

        string? given = request.Headers[TokenHeader] ?? request.QueryString["token"];
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private static void Send(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
    }

    public async ValueTask DisposeAsync()
    {
        _state.MarkDone();
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}

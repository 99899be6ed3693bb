namespace Sweep.Dashboard;

/// <summary>Where the live page listens. Loopback by default; any other address requires a token.</summary>
public sealed record DashboardOptions
{
    /// <summary>IP address to bind ("127.0.0.1", "::1", "0.0.0.0" for every interface, or a machine address).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Secret the page and its API require; null = none on loopback, a random one on any other address.</summary>
    public string? Token { get; init; }

    /// <summary>Least time between two re-reads of the run folder for the ranking and curves (they change only when trials finish).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);
}

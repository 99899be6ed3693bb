using Sweep.Actors.Cluster;

namespace Sweep.Actors;

/// <summary>
/// The defaults every entry point shares (the options record, the cmdlets and the headless host), defined once so they
/// cannot drift apart.
/// </summary>
public static class SweepDefaults
{
    /// <summary>The coordinator's port when one is named or needed (remote workers join it).</summary>
    public const int Port = ClusterRoles.DefaultPort;

    /// <summary>Attempts a trial gets before it is committed as failed (a worker lost mid-trial costs one).</summary>
    public const int MaxAttempts = 2;

    /// <summary>How long a trial every connected worker declined waits for a worker that can load its dataset.</summary>
    public static readonly TimeSpan DeclineGrace = TimeSpan.FromSeconds(30);
}

using Sweep.Actors;
using Sweep.Actors.Cluster;

namespace Sweep.PsModule.Running;

/// <summary>Where Start-Sweep's cluster node listens, from what the user asked for.</summary>
internal static class ClusterEndpoint
{
    public const string DefaultHostname = "127.0.0.1";

    /// <summary>
    /// A purely local sweep (no -Hostname, no -Port, at least one local slot) takes any free port, so it
    /// never collides with another sweep, a worker or any other program. A sweep that names an address,
    /// or has no local slots and so must wait for remote workers, listens on the port they join
    /// (<see cref="ClusterRoles.DefaultPort"/> unless -Port says otherwise).
    /// </summary>
    public static (string Hostname, int Port) Choose(string? hostname, int? port, int localSlots)
    {
        bool local = hostname is null && port is null && localSlots > 0;
        return (hostname ?? DefaultHostname, port ?? (local ? 0 : SweepDefaults.Port));
    }
}

using Akka.Actor;
using Akka.Cluster;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Cluster;

/// <summary>
/// Stops a sweep node promptly. A graceful leave (coordinated shutdown) only completes when the leader can
/// move this node through Leaving, Exiting and Removed, so it must not start in the two states where it cannot:
/// - a self-join still in flight: the Leave arrives before the node is a member, is ignored, and the node then
///   becomes Up and never leaves (cluster-shutdown times out after 5 s). So the coordinator first waits for Up.
/// - unreachable members: no convergence, so Leaving never becomes Exiting (cluster-exiting times out after 10 s).
///   The coordinator downs them (the sweep is over; the split-brain resolver would down them anyway, and its
///   side always survives). A worker must not down the coordinator (if it is alive behind a partition that
///   later heals, it would be shut down), so a worker that cannot leave just terminates; the coordinator's
///   side downs it.
/// A node that is not a member (a worker still trying to join) has nothing to leave and terminates at once.
/// ActorSystem.Terminate does not run coordinated shutdown (<c>run-by-actor-system-terminate = off</c>).
/// </summary>
internal static class NodeShutdown
{
    /// <summary>A self-join normally reaches Up within a few hundred ms; past this, leaving is pointless.</summary>
    private static readonly TimeSpan SelfJoinPatience = TimeSpan.FromSeconds(3);

    /// <summary>Bound on a graceful leave; then the node terminates regardless.</summary>
    private static readonly TimeSpan LeavePatience = TimeSpan.FromSeconds(10);

    /// <param name="joinedItself">True on the coordinator, which called Join(SelfAddress) at start.</param>
    public static async Task StopAsync(ActorSystem system, bool joinedItself)
    {
        var cluster = ClusterSystem.Get(system);
        if (joinedItself)
        {
            await WaitForUpAsync(cluster).ConfigureAwait(false);
        }

        if (CanLeave(cluster, mayDownOthers: joinedItself))
        {
            var leave = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
            await Task.WhenAny(leave, Task.Delay(LeavePatience)).ConfigureAwait(false);
        }

        await system.Terminate().ConfigureAwait(false);
    }

    /// <summary>Whether a graceful leave can complete now; downs unreachable members first when allowed.</summary>
    private static bool CanLeave(ClusterSystem cluster, bool mayDownOthers)
    {
        if (cluster.IsTerminated || cluster.SelfMember.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining))
        {
            return false;
        }

        var unreachable = cluster.State.Unreachable.Where(m => m.Address != cluster.SelfAddress).ToList();
        if (unreachable.Count == 0)
        {
            return true;
        }

        if (!mayDownOthers)
        {
            return false;
        }

        foreach (var member in unreachable)
        {
            cluster.Down(member.Address);
        }

        return true;
    }

    private static async Task WaitForUpAsync(ClusterSystem cluster)
    {
        if (cluster.SelfMember.Status == MemberStatus.Up)
        {
            return;
        }

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await Task.WhenAny(up.Task, Task.Delay(SelfJoinPatience)).ConfigureAwait(false);
    }
}

using Akka.Actor;
using Akka.Cluster;
using Sweep.Actors.Cluster;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// Nodes leave without any coordinated-shutdown phase timing out (each timeout costs 5 to 10 s and prints a
/// warning), in the states where a plain coordinated shutdown used to: right after a self-join, and with an
/// unreachable member. Checked through the warnings Akka logs, not through timings.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeShutdownTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = TestSweeps.TempFolder();

    public NodeShutdownTests() => RecordingAkkaLogger.Events.Clear();

    public void Dispose() => TestSweeps.DeleteFolder(_folder);

    [Fact]
    public async Task A_resumed_sweep_with_nothing_left_leaves_the_cluster_without_a_shutdown_timeout()
    {
        var spec = TestSweeps.Spec(lrs: 1, seeds: 1);
        var options = new SweepRunOptions { OutputPath = _folder, LocalSlots = 1, Port = 0, TrialRunner = TestSweeps.NoOp, ExtraHocon = RecordingAkkaLogger.Hocon };
        await SweepRunner.RunAsync(spec, options, new RecordingObserver());

        for (int i = 0; i < 3; i++)
        {
            var summary = await SweepRunner.RunAsync(spec, options with { Mode = Results.RunFolderMode.Resume }, new RecordingObserver());
            Assert.Equal(1, summary.Skipped);
        }

        Assert.NotEmpty(RecordingAkkaLogger.Events);
        Assert.Empty(RecordingAkkaLogger.ShutdownTimeouts());
    }

    [Fact]
    public async Task A_coordinator_with_an_unreachable_member_downs_it_and_leaves_without_a_shutdown_timeout()
    {
        var coordinator = SweepRunner.StartNode(ClusterRoles.Coordinator, "127.0.0.1", 0, null, _ => { }, TimeSpan.FromMinutes(5), RecordingAkkaLogger.Hocon);
        var member = SweepRunner.StartNode(ClusterRoles.Worker, "127.0.0.1", 0, null, _ => { }, TimeSpan.FromMinutes(5), RecordingAkkaLogger.Hocon);
        var cluster = ClusterSystem.Get(coordinator);
        cluster.Join(cluster.SelfAddress);
        ClusterSystem.Get(member).JoinSeedNodes([cluster.SelfAddress]);
        await WaitUntil(() => cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 2, "both nodes up");

        ((ExtendedActorSystem)member).Abort();
        await WaitUntil(() => !cluster.State.Unreachable.IsEmpty, "the aborted member to become unreachable");
        await NodeShutdown.StopAsync(coordinator, joinedItself: true);

        Assert.True(coordinator.WhenTerminated.IsCompleted);
        Assert.Empty(RecordingAkkaLogger.ShutdownTimeouts());
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalSeconds:0} s for {what}");
            await Task.Delay(50);
        }
    }
}

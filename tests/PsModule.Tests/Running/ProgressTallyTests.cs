using Sweep.Actors;
using Sweep.Engine.Training;
using Sweep.PsModule.Running;

namespace Sweep.PsModule.Tests.Running;

public sealed class ProgressTallyTests
{
    private static SweepProgress Snapshot(long completed, int running) => new(
        Total: 12, Skipped: 0, Queued: 12 - completed - running, Running: running, Completed: completed, Diverged: 0, Failed: 0,
        TrialsPerMinute: 10, Eta: null, Workers: []);

    [Fact]
    public void A_snapshot_behind_the_emitted_results_is_brought_up_to_them()
    {
        var tally = new ProgressTally();
        Assert.Null(tally.Count(TrialStatus.Completed)); // no snapshot yet
        tally.Reconcile(Snapshot(completed: 0, running: 2));

        for (int i = 0; i < 5; i++)
        {
            tally.Count(i == 4 ? TrialStatus.Diverged : TrialStatus.Completed);
        }

        var shown = tally.Reconcile(Snapshot(completed: 2, running: 2));

        Assert.Equal(5, shown.Completed); // 6 results emitted: 5 completed, 1 diverged
        Assert.Equal(1, shown.Diverged);
        Assert.Equal(0, shown.Running); // 4 more finished than the snapshot knew of: none of its 2 still runs
    }

    [Fact]
    public void A_snapshot_ahead_of_the_emitted_results_is_kept()
    {
        var tally = new ProgressTally();
        tally.Count(TrialStatus.Completed);

        var shown = tally.Reconcile(Snapshot(completed: 3, running: 2));

        Assert.Equal(Snapshot(completed: 3, running: 2), shown);
    }
}

using Sweep.Actors.Coordination;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Coordination;

public class SweepTallyTests
{
    private static TrialRecord Record(ulong id, TrialStatus status, string? error = null) =>
        new(new TrialRow("s", new TrialId(id), new TrialConfig(), status, error, 1, "h", ManualTime.Start, ManualTime.Start, 0, new TrialSummary()), [], []);

    [Fact]
    public void Committed_trials_are_counted_by_status_and_the_first_error_kept()
    {
        var tally = new SweepTally(total: 10, skipped: 0);

        tally.Count(Record(1, TrialStatus.Completed));
        tally.Count(Record(2, TrialStatus.Diverged));
        tally.Count(Record(3, TrialStatus.Failed, "first"));
        tally.Count(Record(4, TrialStatus.Failed, "second"));

        var summary = tally.Summary("s", "/out", TimeSpan.FromMinutes(1), cancelled: false);
        Assert.Equal((1, 1, 2, 4), (tally.Completed, tally.Diverged, tally.Failed, tally.Finished));
        Assert.Equal(new SweepSummary("s", "/out", 10, 0, 1, 1, 2, TimeSpan.FromMinutes(1), false, "first"), summary);
    }

    [Fact]
    public void Snapshot_counts_queued_trials_and_estimates_time_left_at_this_run_rate()
    {
        var tally = new SweepTally(total: 20, skipped: 4);
        for (ulong i = 0; i < 6; i++)
        {
            tally.Count(Record(i, TrialStatus.Completed));
        }

        var progress = tally.Snapshot(TimeSpan.FromMinutes(2), running: 2, pending: 1, workers: []);

        // 20 - 4 skipped - 6 finished - 1 pending - 2 running = 7 queued; 6 in 2 minutes = 3 a minute; 10 left take 10/3 minutes.
        Assert.Equal(7, progress.Queued);
        Assert.Equal(3, progress.TrialsPerMinute, 12);
        Assert.Equal(TimeSpan.FromMinutes(10.0 / 3), progress.Eta);
        Assert.Equal((20L, 4L, 2, 6L), (progress.Total, progress.Skipped, progress.Running, progress.Completed));
    }

    [Fact]
    public void Before_the_first_result_there_is_no_rate_and_no_eta()
    {
        var tally = new SweepTally(total: 5, skipped: 0);

        var atStart = tally.Snapshot(TimeSpan.Zero, running: 1, pending: 0, workers: []);
        var later = tally.Snapshot(TimeSpan.FromMinutes(5), running: 1, pending: 0, workers: []);

        Assert.Equal((0.0, (TimeSpan?)null, 4L), (atStart.TrialsPerMinute, atStart.Eta, atStart.Queued));
        Assert.Equal((0.0, (TimeSpan?)null), (later.TrialsPerMinute, later.Eta));
    }

    [Fact]
    public void Running_trials_show_their_last_report_until_forgotten()
    {
        var tally = new SweepTally(total: 5, skipped: 0);
        var a = new TrialId(1);
        var b = new TrialId(2);

        tally.Report(a, 40, 100, 0.5);
        var worker = tally.Worker("m", 2, [a, b]);
        tally.Forget(a);

        Assert.Equal(("m", 2, 2), (worker.Address, worker.Slots, worker.Busy));
        Assert.Equal([new RunningTrial(a, 40, 100, 0.5), new RunningTrial(b, 0, 0, double.NaN)], worker.RunningTrials);
        Assert.Equal(new RunningTrial(a, 0, 0, double.NaN), tally.Running(a));
    }
}

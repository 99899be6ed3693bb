using System.Management.Automation;
using Sweep.Actors;
using Sweep.PsModule.Running;
using Sweep.Specs;

namespace Sweep.PsModule.Tests.Running;

public sealed class SweepProgressRendererTests
{
    private static SweepProgress Progress(params WorkerStatus[] workers) => new(
        Total: 20, Skipped: 4, Queued: 6, Running: 2, Completed: 5, Diverged: 2, Failed: 1,
        TrialsPerMinute: 30, Eta: TimeSpan.FromSeconds(90.2), Workers: workers);

    private static WorkerStatus Worker(string address, int busy) =>
        new(address, 2, busy, [.. Enumerable.Range(0, busy).Select(i => new RunningTrial(TrialId.Parse($"abcdef012345678{i}"), 50, 200))]);

    [Fact]
    public void Sweep_bar_counts_done_trials_of_the_total_with_the_eta()
    {
        var records = new SweepProgressRenderer("grid").Render(Progress());

        var sweep = Assert.Single(records);
        Assert.Equal(1, sweep.ActivityId);
        Assert.Equal(60, sweep.PercentComplete); // (4 skipped + 5 + 2 + 1) of 20
        Assert.Equal("12/20 done, 2 running, 2 diverged, 1 failed, 30/min, ETA 1:31", sweep.StatusDescription);
    }

    [Fact]
    public void Status_leaves_out_zero_diverged_and_failed_and_fits_80_columns_with_the_activity()
    {
        var progress = Progress() with { Total = 12_000, Skipped = 0, Completed = 10_543, Diverged = 0, Failed = 0, TrialsPerMinute = 43.25, Eta = TimeSpan.FromHours(2.5) };

        var status = SweepProgressRenderer.Status(progress);

        Assert.Equal("10543/12000 done, 2 running, 43.3/min, ETA 2:30:00", status);
        // The console shows "Sweep <name> [<status>]" on one line.
        Assert.True($"Sweep optimizers-fmnist [{status}]".Length <= 80);
    }

    [Fact]
    public void Status_counts_pruned_trials_as_done_with_the_steps_they_saved()
    {
        var progress = Progress() with { Diverged = 0, Failed = 0, Pruned = 3, StepsSaved = 4_520 };

        Assert.Equal("12/20 done, 2 running, 3 pruned (4.5k steps saved), 30/min, ETA 1:31", SweepProgressRenderer.Status(progress));
        Assert.Equal("950", SweepProgressRenderer.Steps(950));
        Assert.Equal("12M", SweepProgressRenderer.Steps(12_345_678));
    }

    [Fact]
    public void Trials_every_worker_declined_are_counted_in_the_status_and_explained_for_Get_SweepStatus()
    {
        var until = new DateTime(2026, 12, 7, 12, 0, 30, DateTimeKind.Utc);
        var progress = Progress() with
        {
            Failed = 0, Diverged = 0,
            Waiting = [new(TrialId.Parse("abcdef0123456780"), "/data/x.csv: file not found", until),
                       new(TrialId.Parse("abcdef0123456781"), "/data/x.csv: file not found", until.AddSeconds(2))],
        };

        Assert.Equal("9/20 done, 2 running, 2 waiting for data, 30/min, ETA 1:31", SweepProgressRenderer.Status(progress));
        Assert.Equal(
            "2 trials wait for a worker that can load their dataset (/data/x.csv: file not found); the first is given up at 12:00:30 UTC unless one joins",
            WaitingText.Of(progress.Waiting));
        Assert.Equal("", WaitingText.Of([]));
    }

    [Theory]
    [InlineData(0.4, "0:01")]
    [InlineData(59, "0:59")]
    [InlineData(754, "12:34")]
    [InlineData(3600, "1:00:00")]
    [InlineData(2 * 86400 + 3 * 3600, "2d 3h")]
    public void Durations_read_as_clock_times(double seconds, string expected) =>
        Assert.Equal(expected, SweepProgressRenderer.FormatDuration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_trial_without_a_step_report_reads_starting_not_step_0_of_0()
    {
        Assert.Equal("abcdef01 starting", SweepProgressRenderer.Describe(new RunningTrial(TrialId.Parse("abcdef0123456789"), 0, 0)));
        Assert.Equal("abcdef01 50/200", SweepProgressRenderer.Describe(new RunningTrial(TrialId.Parse("abcdef0123456789"), 50, 200)));
    }

    [Fact]
    public void Each_worker_gets_a_child_bar_with_its_running_trials()
    {
        var records = new SweepProgressRenderer("grid").Render(Progress(Worker("a:1", 2), Worker("b:2", 0)));

        Assert.Equal(3, records.Count);
        Assert.All(records.Skip(1), r => Assert.Equal(1, r.ParentActivityId));
        Assert.Equal(100, records[1].PercentComplete);
        Assert.Contains("abcdef01 50/200", records[1].StatusDescription, StringComparison.Ordinal);
        Assert.Contains("idle", records[2].StatusDescription, StringComparison.Ordinal);
        Assert.NotEqual(records[1].ActivityId, records[2].ActivityId);
    }

    [Fact]
    public void A_worker_keeps_its_bar_and_a_worker_that_left_has_its_bar_completed()
    {
        var renderer = new SweepProgressRenderer("grid");
        var first = renderer.Render(Progress(Worker("a:1", 1), Worker("b:2", 1)));

        var second = renderer.Render(Progress(Worker("b:2", 1)));

        Assert.Equal(first[2].ActivityId, second[1].ActivityId);
        var gone = Assert.Single(second, r => r.RecordType == ProgressRecordType.Completed);
        Assert.Equal(first[1].ActivityId, gone.ActivityId);
    }

    [Fact]
    public void Rendering_null_completes_every_open_bar()
    {
        var renderer = new SweepProgressRenderer("grid");
        var open = renderer.Render(Progress(Worker("a:1", 1)));

        var closing = renderer.Render(null);

        Assert.Equal(open.Select(r => r.ActivityId).Order(), closing.Select(r => r.ActivityId).Order());
        Assert.All(closing, r => Assert.Equal(ProgressRecordType.Completed, r.RecordType));
    }
}

using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.Actors.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SweepRunnerTests : IDisposable
{
    private readonly string _folder = TestSweeps.TempFolder();

    public void Dispose() => TestSweeps.DeleteFolder(_folder);

    private SweepRunOptions Options(int slots = 2) => new() { OutputPath = _folder, LocalSlots = slots, Port = 0 };

    [Fact]
    public async Task Embedded_sweep_trains_every_trial_once_and_reports_progress()
    {
        var spec = TestSweeps.Spec(lrs: 3, seeds: 2);
        var observer = new RecordingObserver();

        var summary = await SweepRunner.RunAsync(spec, Options(), observer);

        Assert.False(summary.Cancelled);
        Assert.Equal(6, summary.Total);
        Assert.Equal(6, summary.Completed + summary.Diverged);
        Assert.Equal(spec.SweepId, summary.SweepId);
        var rows = TestSweeps.ReadTrials(_folder);
        Assert.Equal(6, rows.Select(r => r.TrialId).Distinct().Count());
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
        Assert.Equal(6, observer.Finished.Count);
        Assert.NotEmpty(RunFolder.OpenExisting(_folder).CreateReader().ReadCurves());
        var last = observer.Progress.Last();
        Assert.Equal(0, last.Queued);
        Assert.Equal(0, last.Running);
        Assert.Equal(6, last.Completed + last.Diverged);
        Assert.Contains(observer.Progress, p => p.Workers.Count == 1 && p.Workers[0].Slots == 2);
        Assert.Empty(observer.Messages);
    }

    [Fact]
    public async Task Resume_skips_finished_trials()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 2);
        await SweepRunner.RunAsync(spec, Options() with { TrialRunner = TestSweeps.NoOp }, new RecordingObserver());
        var ran = new RecordingObserver();

        var again = await SweepRunner.RunAsync(spec, Options() with { Mode = RunFolderMode.Resume, TrialRunner = TestSweeps.NoOp }, ran);

        Assert.Equal(4, again.Skipped);
        Assert.Equal(0, again.Completed);
        Assert.Empty(ran.Finished);
        Assert.Equal(4, TestSweeps.ReadTrials(_folder).Count);
    }

    /// <summary>
    /// A first run ends one trial of each status; the resume reruns only the failed one, says so first, and its new
    /// row replaces the failed row in the folder (read by our reader and by DuckDB's raw glob).
    /// </summary>
    [Fact]
    public async Task Resume_reruns_only_failed_trials_says_so_and_their_new_rows_replace_the_failed_ones()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 2);
        var ids = spec.EnumerateTrials().Select(Specs.TrialId.Of).ToList();
        var firstStatus = new Dictionary<Specs.TrialId, TrialStatus>
        {
            [ids[0]] = TrialStatus.Completed, [ids[1]] = TrialStatus.Diverged, [ids[2]] = TrialStatus.Pruned, [ids[3]] = TrialStatus.Failed,
        };
        TrialRunner first = (config, token, progress) => firstStatus[Specs.TrialId.Of(config)] == TrialStatus.Failed
            ? throw new InvalidOperationException("no data yet")
            : TestSweeps.NoOp(config, token, progress) with { Status = firstStatus[Specs.TrialId.Of(config)] };
        await SweepRunner.RunAsync(spec, Options() with { TrialRunner = first, MaxAttempts = 1 }, new RecordingObserver());
        Assert.Equal(firstStatus, TestSweeps.ReadTrials(_folder).ToDictionary(r => r.TrialId, r => r.Status));
        var rerun = new RecordingObserver();

        var again = await SweepRunner.RunAsync(spec, Options() with { Mode = RunFolderMode.Resume, TrialRunner = TestSweeps.NoOp }, rerun);

        Assert.Equal(SweepRunner.RetryingFailedMessage(1), Assert.Single(rerun.Messages));
        Assert.Equal("retrying 1 failed trial of the earlier run; --skip-failed to keep it as failed", SweepRunner.RetryingFailedMessage(1));
        Assert.Equal((3L, 1L), (again.Skipped, again.Completed));
        Assert.Equal(ids[3], Assert.Single(rerun.Finished).TrialId);
        var rows = TestSweeps.ReadTrials(_folder).ToDictionary(r => r.TrialId, r => r.Status);
        Assert.Equal(new Dictionary<Specs.TrialId, TrialStatus>(firstStatus) { [ids[3]] = TrialStatus.Completed }, rows);
        Assert.Equal(4, TestSweeps.RawTrialCount(_folder));
    }

    [Fact]
    public async Task Resume_with_SkipFailed_keeps_failed_trials_as_they_are()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 1);
        TrialRunner failing = (_, _, _) => throw new InvalidOperationException("no data yet");
        await SweepRunner.RunAsync(spec, Options() with { TrialRunner = failing, MaxAttempts = 1 }, new RecordingObserver());
        var rerun = new RecordingObserver();

        var again = await SweepRunner.RunAsync(spec, Options() with { Mode = RunFolderMode.Resume, SkipFailed = true, TrialRunner = TestSweeps.NoOp }, rerun);

        Assert.Equal((2L, 0L, 0L), (again.Skipped, again.Completed, again.Failed));
        Assert.Empty(rerun.Finished);
        Assert.Empty(rerun.Messages);
        Assert.All(TestSweeps.ReadTrials(_folder), r => Assert.Equal(TrialStatus.Failed, r.Status));
    }

    [Fact]
    public async Task A_trial_that_throws_is_retried_then_recorded_as_failed_with_its_error()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 1);
        int calls = 0;
        var observer = new RecordingObserver();

        var summary = await SweepRunner.RunAsync(
            spec,
            Options(slots: 1) with
            {
                MaxAttempts = 3,
                TrialRunner = (_, _, _) =>
                {
                    Interlocked.Increment(ref calls);
                    throw new InvalidOperationException("exploded on purpose");
                },
            },
            observer);

        Assert.Equal(2, summary.Failed);
        Assert.Equal(6, calls);
        var rows = TestSweeps.ReadTrials(_folder);
        Assert.All(rows, r =>
        {
            Assert.Equal(TrialStatus.Failed, r.Status);
            Assert.Equal(3, r.Attempts);
            Assert.Contains("exploded on purpose", r.Error);
        });
        Assert.Contains(observer.Messages, m => m.Contains("exploded on purpose"));
    }

    [Fact]
    public async Task A_dataset_no_worker_can_load_is_declined_then_recorded_as_failed()
    {
        var spec = Specs.SpecParser.Parse("""
            { "name": "missing", "dataset": { "dataset": "csv", "dataset_path": "/nonexistent/sweep/data.csv" },
              "steps": 5, "axes": { "lr": [0.1] }, "seeds": 1 }
            """, "test.json");
        var observer = new RecordingObserver();

        var summary = await SweepRunner.RunAsync(spec, Options(slots: 1) with { DeclineGrace = TimeSpan.Zero }, observer);

        Assert.Equal(1, summary.Failed);
        Assert.True(summary.AllFailed);
        Assert.Contains("no connected worker can load the dataset", summary.FirstError);
        var row = Assert.Single(TestSweeps.ReadTrials(_folder));
        Assert.Contains("no connected worker can load the dataset", row.Error);
        Assert.Contains("/nonexistent/sweep/data.csv", row.Error);
        Assert.Equal(0, row.Attempts);
        Assert.Contains(observer.Messages, m => m.Contains("declined"));
    }

    [Fact]
    public async Task Cancellation_stops_running_trials_and_leaves_a_resumable_folder()
    {
        var spec = TestSweeps.Spec(lrs: 4, seeds: 1);
        using var cancel = new CancellationTokenSource();
        int started = 0;
        var options = Options(slots: 1) with
        {
            TrialRunner = (_, token, _) =>
            {
                if (Interlocked.Increment(ref started) == 1)
                {
                    return TestSweeps.NoOp(new(), token, new TrialControl());
                }

                cancel.Cancel();
                token.WaitHandle.WaitOne();
                token.ThrowIfCancellationRequested();
                throw new InvalidOperationException("unreachable");
            },
        };

        var summary = await SweepRunner.RunAsync(spec, options, new RecordingObserver(), cancel.Token);

        Assert.True(summary.Cancelled);
        Assert.Equal(1, summary.Completed);
        Assert.Single(TestSweeps.ReadTrials(_folder));
        var resumed = await SweepRunner.RunAsync(
            spec, Options(slots: 1) with { Mode = RunFolderMode.Resume, TrialRunner = TestSweeps.NoOp }, new RecordingObserver());
        Assert.Equal(1, resumed.Skipped);
        Assert.Equal(3, resumed.Completed);
        Assert.Equal(4, TestSweeps.ReadTrials(_folder).Select(r => r.TrialId).Distinct().Count());
    }

    [Fact]
    public async Task Under_serialize_messages_every_message_between_coordinator_and_slots_survives_serialization()
    {
        var spec = TestSweeps.Spec(lrs: 2, seeds: 2);
        var longCurve = Enumerable.Range(0, 2500)
            .Select(i => new EvalPoint(i, 0, i, 0, 0.1, 1.0 / (i + 1), double.NaN, double.NaN, 1, false, 1, 0.01))
            .ToArray();
        var options = Options() with
        {
            ExtraHocon = "akka.actor.serialize-messages = on\nakka.actor.serialization-settings.allow-unregistered-types = true",
            TrialRunner = (_, _, progress) =>
            {
                progress.Report(new TrialProgress(1, 2, 0.5));
                return new TrialResult(TrialStatus.Completed, longCurve, [], new TrialSummary { StepsRun = 2500 }, 0);
            },
        };

        var summary = await SweepRunner.RunAsync(spec, options, new RecordingObserver());

        Assert.Equal(4, summary.Completed);
        var curves = RunFolder.OpenExisting(_folder).CreateReader().ReadCurves().ToList();
        Assert.Equal(4 * 2500, curves.Count);
        Assert.Equal(4 * 2500, curves.Select(c => (c.TrialId, c.Point.Step)).Distinct().Count());
    }

    [Fact]
    public async Task Many_no_op_trials_are_published_in_batches_each_exactly_once()
    {
        var spec = TestSweeps.Spec(lrs: 50, seeds: 8);

        var summary = await SweepRunner.RunAsync(spec, Options() with { TrialRunner = TestSweeps.NoOp }, new RecordingObserver());

        Assert.Equal(400, summary.Completed);
        var rows = TestSweeps.ReadTrials(_folder);
        Assert.Equal(400, rows.Count);
        Assert.Equal(400, rows.Select(r => r.TrialId).Distinct().Count());
    }

    [Fact]
    public async Task Too_many_trials_without_force_are_refused_before_anything_starts()
    {
        var spec = TestSweeps.Spec(lrs: 400, seeds: 300);

        var error = await Assert.ThrowsAsync<Specs.SpecException>(() => SweepRunner.RunAsync(spec, Options(), new RecordingObserver()));

        Assert.Contains("-Force", error.Message);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task No_workers_times_out_with_a_clear_message()
    {
        var spec = TestSweeps.Spec(lrs: 1, seeds: 1);
        var observer = new RecordingObserver();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => SweepRunner.RunAsync(
            spec, Options(slots: 0) with { NoWorkerTimeout = TimeSpan.FromSeconds(1) }, observer));

        Assert.Contains("no worker connected", error.Message);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_it()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        int port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SweepRunner.RunAsync(
            TestSweeps.Spec(lrs: 1, seeds: 1), Options() with { Port = port }, new RecordingObserver()));

        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Bad_options_name_the_option()
    {
        var spec = TestSweeps.Spec(lrs: 1, seeds: 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => SweepRunner.RunAsync(spec, Options(slots: -1), new RecordingObserver()));

        Assert.Contains("LocalSlots", error.Message);
    }
}

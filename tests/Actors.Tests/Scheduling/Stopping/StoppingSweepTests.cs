using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Tests.Cluster;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>
/// Sweeps with a stopping rule through the real coordinator, workers and writer, on scripted trials (no training):
/// decisions reach the workers, pruned trials are committed once with their rule, reason and steps, and a decision
/// survives the loss of the worker it was sent to.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoppingSweepTests : IDisposable
{
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly ConcurrentQueue<string> _log = new();

    public void Dispose() => TestSweeps.DeleteFolder(_folder);

    /// <summary>
    /// Six learning rates, one seed, 100 steps; ASHA with eta 2 and a first rung at 20. With <see cref="BestFirst"/>
    /// curves the first two configurations dispatched set the rung, every later one is worse than both and is stopped there.
    /// </summary>
    private static SweepSpec Spec(int configurations) => SpecParser.Parse($$"""
        {
          "name": "stopping",
          "steps": 100,
          "eval_every": 10,
          "axes": { "lr": [{{string.Join(", ", Enumerable.Range(1, configurations).Reverse().Select(i => $"0.00{i}"))}}] },
          "stopping": { "rule": "asha", "metric": "train_loss", "eta": 2, "min_steps": 20 }
        }
        """, "stopping.json");

    /// <summary>
    /// Curves ordered as the trials are dispatched (adaptive sweeps dispatch configurations in id order, not spec
    /// order): the first trial dispatched has the lowest loss at every step, the last the highest.
    /// </summary>
    private static Func<TrialConfig, long, double> BestFirst(SweepSpec spec)
    {
        var order = DispatchOrder.For(spec).Select(TrialId.Of).ToList();
        return (config, step) => 1.0 / (1 + (order.Count - order.IndexOf(TrialId.Of(config))) * step / 20.0);
    }

    [Fact]
    public async Task Trials_worse_than_the_rung_are_pruned_once_with_rule_reason_and_steps_that_duckdb_reads()
    {
        var spec = Spec(6);
        var loss = BestFirst(spec);
        var options = new SweepRunOptions
        {
            OutputPath = _folder, LocalSlots = 1, Port = 0,
            TrialRunner = (config, token, control) => ScriptedTrials.Run(config, token, control, loss: loss),
        };
        var observer = new RecordingObserver();

        var summary = await SweepRunner.RunAsync(spec, options, observer).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(2, summary.Completed);
        Assert.Equal(4, summary.Pruned);
        var rows = TestSweeps.ReadTrials(_folder);
        Assert.Equal(6, rows.Select(r => r.TrialId).Distinct().Count());
        var pruned = rows.Where(r => r.Status == TrialStatus.Pruned).ToList();
        Assert.Equal(4, pruned.Count);
        Assert.All(pruned, r =>
        {
            Assert.Equal("asha", r.StopRule);
            Assert.Contains("rung 1 at step 20", r.StopReason, StringComparison.Ordinal);
            // Held at the rung until the coordinator's verdict: stopped at that very point, however fast the steps.
            Assert.Equal(20, r.Summary.StepsRun);
        });
        Assert.All(rows.Where(r => r.Status == TrialStatus.Completed), r => Assert.Null(r.StopRule));
        Assert.Equal(pruned.Sum(r => 100 - r.Summary.StepsRun), summary.StepsSaved);
        Assert.Equal(summary.StepsSaved, PrunedSteps.Saved(rows));
        Assert.Equal(4, observer.Progress.Last().Pruned);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT t.status, t.stop_rule, t.steps_run, max(c.step) AS last_step
            FROM read_parquet('{Path.Combine(_folder, "trials", "*.parquet")}') t
            JOIN read_parquet('{Path.Combine(_folder, "curves", "*.parquet")}') c USING (trial_id)
            GROUP BY t.trial_id, t.status, t.stop_rule, t.steps_run
            """;
        using var reader = command.ExecuteReader();
        var read = new List<(string Status, string? Rule, long Steps, long Last)>();
        while (reader.Read())
        {
            read.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        Assert.Equal(6, read.Count);
        Assert.Equal(4, read.Count(r => r is { Status: "pruned", Rule: "asha" } && r.Steps < 100));
        Assert.Equal(2, read.Count(r => r is { Status: "completed", Rule: null, Steps: 100 }));
        Assert.All(read, r => Assert.Equal(r.Steps, r.Last));
    }

    [Fact]
    public async Task A_stop_in_flight_when_its_worker_is_lost_is_carried_by_the_rerun_and_the_trial_is_committed_once_as_pruned()
    {
        var spec = Spec(4);
        var victim = TrialId.Of(spec.EnumerateTrials().ElementAt(2));
        int port = Ports.Free();
        using var stopInFlight = new ManualResetEventSlim();
        long rerunStopStep = 0;
        var sweep = SweepRunner.RunAsync(
            spec, new SweepRunOptions { OutputPath = _folder, LocalSlots = 0, Port = port, NoWorkerTimeout = TimeSpan.FromSeconds(60) },
            new RecordingObserver());

        // Worker A holds the victim once its stop has arrived (so its result never leaves): the stop is in flight when A is lost.
        using var stopA = new CancellationTokenSource();
        var workerA = WorkerNode.RunAsync(
            new WorkerOptions
            {
                Join = $"127.0.0.1:{port}", Slots = 1,
                TrialRunner = (config, token, control) => ScriptedTrials.Run(config, token, control, (c, step) =>
                {
                    if (TrialId.Of(config) == victim && c.StopAtStep != long.MaxValue)
                    {
                        stopInFlight.Set();
                        token.WaitHandle.WaitOne();
                        token.ThrowIfCancellationRequested();
                    }
                }),
            },
            _log.Enqueue, stopA.Token);
        using var stopB = new CancellationTokenSource();
        Task? workerB = null;
        try
        {
            Assert.True(stopInFlight.Wait(TimeSpan.FromSeconds(90)), "the victim's stop never reached worker A");
            stopA.Cancel();
            await workerA.WaitAsync(TimeSpan.FromSeconds(30));
            workerB = WorkerNode.RunAsync(
                new WorkerOptions
                {
                    Join = $"127.0.0.1:{port}", Slots = 1,
                    TrialRunner = (config, token, control) =>
                    {
                        if (TrialId.Of(config) == victim)
                        {
                            Interlocked.Exchange(ref rerunStopStep, control.StopAtStep);
                        }

                        return ScriptedTrials.Run(config, token, control);
                    },
                },
                _log.Enqueue, stopB.Token);

            var summary = await sweep.WaitAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(20, Interlocked.Read(ref rerunStopStep));
            var rows = TestSweeps.ReadTrials(_folder);
            Assert.Equal(4, rows.Count);
            Assert.Equal(4, rows.Select(r => r.TrialId).Distinct().Count());
            var row = Assert.Single(rows, r => r.TrialId == victim);
            Assert.Equal(TrialStatus.Pruned, row.Status);
            Assert.Equal(20, row.Summary.StepsRun);
            Assert.Equal(2, row.Attempts);
            Assert.Equal("asha", row.StopRule);
            Assert.Contains("rung 1 at step 20", row.StopReason, StringComparison.Ordinal);
            Assert.True(summary.Pruned >= 1, string.Join("\n", _log));
        }
        finally
        {
            stopA.Cancel();
            stopB.Cancel();
            await Task.WhenAll(workerB is null ? [workerA] : [workerA, workerB]).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Resuming_under_another_stopping_rule_is_refused_with_the_switch_that_allows_it()
    {
        var spec = Spec(2);
        var options = new SweepRunOptions { OutputPath = _folder, LocalSlots = 1, Port = 0, TrialRunner = (c, t, control) => ScriptedTrials.Run(c, t, control) };
        await SweepRunner.RunAsync(spec, options, new RecordingObserver()).WaitAsync(TimeSpan.FromSeconds(90));

        var refused = await Assert.ThrowsAsync<RunFolderException>(() =>
            SweepRunner.RunAsync(spec, options with { Mode = RunFolderMode.Resume, Stopping = StopRuleKind.Median }, new RecordingObserver()));
        Assert.Equal(RunFolderFailure.SpecMismatch, refused.Reason);
        Assert.Contains("-AllowStoppingChange", refused.Message, StringComparison.Ordinal);
        Assert.Contains("asha", refused.Message, StringComparison.Ordinal);

        var allowed = await SweepRunner.RunAsync(
            spec, options with { Mode = RunFolderMode.Resume, Stopping = StopRuleKind.Median, AllowStoppingChange = true }, new RecordingObserver());
        Assert.Equal(2, allowed.Skipped);
        Assert.Equal(StopRuleKind.Median, RunFolder.OpenExisting(_folder).Spec.Stopping.Rule);
    }
}

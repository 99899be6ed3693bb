using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Actors.Tests.Cluster;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>
/// asha's synchronous rung mode through the real coordinator, workers and writer, on scripted trials: the decisions are
/// the same whatever the number of slots (bit for bit: same trials pruned at the same steps with the same reasons), the
/// same as <see cref="StoppingSimulation"/> replays over the full curves, every trial is committed once, and a sweep
/// cancelled mid-rung resumes to the same decisions.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SyncStoppingSweepTests : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose() => _folders.ForEach(TestSweeps.DeleteFolder);

    private string Folder()
    {
        _folders.Add(TestSweeps.TempFolder());
        return _folders[^1];
    }

    /// <summary>
    /// Six learning rates x two seeds, 100 steps, a point every 10; asha on train_loss, eta 2, first rung 20: rungs 20,
    /// 40 and 80. Rung 20 keeps 3 of 6 configurations, rung 40 keeps 1 of 3, rung 80 keeps it (max(1, 1/2)).
    /// </summary>
    private static readonly SweepSpec Spec = SpecParser.Parse("""
        {
          "name": "sync",
          "steps": 100,
          "eval_every": 10,
          "axes": { "lr": [0.001, 0.002, 0.003, 0.004, 0.005, 0.006] },
          "seeds": 2,
          "stopping": { "rule": "asha", "metric": "train_loss", "eta": 2, "min_steps": 20, "mode": "sync" }
        }
        """, "sync.json");

    /// <summary>
    /// Curves that cross: each trial starts at its own height and falls at its own rate (both from a stable hash of its
    /// learning rate and seed), so the ranking at one rung is not the ranking at the next.
    /// </summary>
    private static double Loss(TrialConfig config, long step)
    {
        long h = ((long)Math.Round(config.Lr * 1_000_000) * 7919) + (config.Seed * 104_729);
        double start = 0.5 + (h % 97 / 97.0);
        double rate = 0.01 + (h % 89 / 89.0 * 0.05);
        return start / (1 + (rate * step));
    }

    private static TrialResult Run(TrialConfig config, CancellationToken token, TrialControl control) =>
        ScriptedTrials.Run(config, token, control, loss: Loss);

    private static SweepRunOptions Options(string folder, int slots) =>
        new() { OutputPath = folder, LocalSlots = slots, Port = 0, TrialRunner = Run };

    /// <summary>What a trial's row says about the decisions.</summary>
    private static Dictionary<TrialId, (TrialStatus Status, long StepsRun, long StepsRerun, string? Reason)> Decisions(IEnumerable<TrialRow> rows) =>
        rows.ToDictionary(r => r.TrialId, r => (r.Status, r.Summary.StepsRun, r.StepsRerun, r.StopReason));

    /// <summary>The simulation over the full curves (every trial run to its budget without a stop).</summary>
    private static StoppingSimulation.Result Replayed() =>
        StoppingSimulation.Run(
            Spec,
            DispatchOrder.For(Spec).ToDictionary(TrialId.Of, config =>
            {
                var full = Run(config, CancellationToken.None, new TrialControl());
                return new StoppingSimulation.Recorded(config, full.Status, full.Curve);
            }),
            slots: 1);

    /// <summary>The folder's trials are the replay's (status, steps, reason; curves up to the steps run) and sum its re-run steps.</summary>
    private static void AssertAsReplayed(StoppingSimulation.Result replayed, string folder)
    {
        var rows = TestSweeps.ReadTrials(folder);
        var lastSteps = RunFolder.OpenExisting(folder).CreateReader().ReadCurves()
            .GroupBy(c => c.TrialId)
            .ToDictionary(g => g.Key, g => g.Max(c => c.Point.Step));
        Assert.Equal(12, rows.Count);
        Assert.Equal(12, rows.Select(r => r.TrialId).Distinct().Count());
        var byId = rows.ToDictionary(r => r.TrialId);
        Assert.All(replayed.Trials, t =>
        {
            var row = byId[t.Trial];
            Assert.Equal((t.Status, t.StepsRun, t.Decision?.Reason), (row.Status, row.Summary.StepsRun, row.StopReason));
            Assert.Equal(row.Summary.StepsRun, lastSteps[t.Trial]);
        });
        Assert.Equal(replayed.StepsRerun, rows.Sum(r => r.StepsRerun));
    }

    [Fact]
    public async Task One_slot_and_two_prune_the_same_trials_as_the_simulation_each_committed_once_with_its_rerun_steps()
    {
        var replayed = Replayed();
        // The spec's arithmetic, by hand: 6 trials pruned at 20, 4 at 40, 2 complete.
        Assert.Equal(6, replayed.Trials.Count(t => t.Decision?.AtStep == 20));
        Assert.Equal(4, replayed.Trials.Count(t => t.Decision?.AtStep == 40));
        Assert.Equal(2, replayed.Trials.Count(t => t.Status == TrialStatus.Completed));

        string one = Folder(), two = Folder();
        var oneSlot = await SweepRunner.RunAsync(Spec, Options(one, 1), new RecordingObserver()).WaitAsync(TimeSpan.FromSeconds(120));
        var twoSlots = await SweepRunner.RunAsync(Spec, Options(two, 2), new RecordingObserver()).WaitAsync(TimeSpan.FromSeconds(120));

        var rowsOne = TestSweeps.ReadTrials(one);
        var rowsTwo = TestSweeps.ReadTrials(two);
        Assert.Equal(Decisions(rowsOne), Decisions(rowsTwo));
        AssertAsReplayed(replayed, one);
        AssertAsReplayed(replayed, two);
        Assert.All(rowsOne.Where(r => r.Status == TrialStatus.Pruned), r => Assert.Equal("asha", r.StopRule));
        // Each completed trial re-ran its rung runs from step 0: 20 + 40 + 80.
        Assert.All(rowsOne.Where(r => r.Status == TrialStatus.Completed), r => Assert.Equal(140, r.StepsRerun));
        foreach (var summary in new[] { oneSlot, twoSlots })
        {
            Assert.Equal((2L, 10L), (summary.Completed, summary.Pruned));
            Assert.Equal((12 * 100) - replayed.StepsAdaptive, summary.StepsSaved);
        }

        Assert.Equal(oneSlot.StepsSaved, PrunedSteps.Saved(rowsOne));
    }

    [Fact]
    public async Task A_sync_sweep_cancelled_with_a_result_held_at_the_last_rung_resumes_to_the_same_decisions()
    {
        string folder = Folder();
        using var cancel = new CancellationTokenSource();
        int lastRungRuns = 0;
        var interrupted = Options(folder, 1) with
        {
            // The second run to rung 80 waits for the cancel: the first one's result is held then, and is lost with the coordinator.
            TrialRunner = (config, token, control) =>
            {
                if (control.StopAtStep == 80 && Interlocked.Increment(ref lastRungRuns) == 2)
                {
                    cancel.Cancel();
                    token.WaitHandle.WaitOne();
                    token.ThrowIfCancellationRequested();
                }

                return Run(config, token, control);
            },
        };

        var first = await SweepRunner.RunAsync(Spec, interrupted, new RecordingObserver(), cancel.Token).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(first.Cancelled);
        Assert.Equal(10, first.Pruned);
        Assert.Equal(10, TestSweeps.ReadTrials(folder).Count);

        var resumed = await SweepRunner.RunAsync(Spec, Options(folder, 2) with { Mode = RunFolderMode.Resume }, new RecordingObserver())
            .WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal((10L, 2L, 0L), (resumed.Skipped, resumed.Completed, resumed.Pruned));
        AssertAsReplayed(Replayed(), folder);
    }
}

using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>
/// The coordinator's synchronous rung logic on four configurations (one seed, 40 steps, a point every 10), asha on
/// train_loss with eta 2 and min_steps 10: rungs 10 and 20. Configuration i's loss is (i + 1) / step at every point,
/// so 0 is best everywhere. Expected figures worked out by hand before the runs (as in
/// <see cref="StoppingSimulationTests"/>: rung 10 promotes 0 and 1, rung 20 promotes 0; re-run 10 + 30).
/// </summary>
public sealed class SyncRungsTests
{
    private static readonly StoppingSettings Sync = new(StopRuleKind.Asha, "train_loss", 2, 10, RungMode.Sync);

    private static readonly TrialConfig[] Configs = [.. Enumerable.Range(0, 4).Select(i => Config(i) with { Steps = 40 })];

    private static List<PendingTrial> Trials => [.. Configs.Select(c => new PendingTrial(Id(c), c))];

    /// <summary>Configuration <paramref name="i"/>'s points up to <paramref name="step"/>.</summary>
    private static IReadOnlyList<EvalPoint> CurveTo(int i, long step) =>
        [.. Enumerable.Range(1, (int)(step / 10)).Select(k => Point(k * 10, (i + 1) / (k * 10.0)))];

    private static TrialId T(int i) => Id(Configs[i]);

    [Fact]
    public void Results_at_a_rung_are_held_until_the_last_then_the_best_half_runs_again_and_the_rest_is_pruned_with_its_reruns()
    {
        var rungs = new SyncRungs(Sync, Trials, new Dictionary<TrialId, IReadOnlyList<EvalPoint>>());
        Assert.Equal([10L, 20L], rungs.Rungs);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(10, rungs.StopAtStep(T(i))));

        // Rung 10, reported worst first: nothing is decided before the fourth.
        foreach (int i in new[] { 3, 2, 1 })
        {
            AssertNothingDecided(rungs.Finished(T(i), CurveTo(i, 10), 10), held: true, rerun: 0);
        }

        var rung1 = rungs.Finished(T(0), CurveTo(0, 10), 10);
        Assert.True(rung1.Held);
        Assert.Equal([0, 1], Indices(rung1.RunAgain));
        Assert.Equal([2, 3], Indices(rung1.Pruned.Select(p => p.Trial)));
        Assert.All(rung1.Pruned, p =>
        {
            Assert.Equal(("asha", 10L, 0L), (p.Decision.Rule, p.Decision.AtStep, p.StepsRerun));
            Assert.Contains("rung 1 at step 10 (sync)", p.Decision.Reason, StringComparison.Ordinal);
        });
        Assert.Equal((20L, 20L, long.MaxValue), (rungs.StopAtStep(T(0)), rungs.StopAtStep(T(1)), rungs.StopAtStep(T(2))));

        // A late copy of trial 0's rung-1 run is not its rung-2 result; a completed run short of the rung is not a copy.
        Assert.True(rungs.IsStale(T(0), TrialStatus.Pruned, CurveTo(0, 10)));
        Assert.False(rungs.IsStale(T(0), TrialStatus.Pruned, CurveTo(0, 20)));
        Assert.False(rungs.IsStale(T(0), TrialStatus.Diverged, CurveTo(0, 10)));

        AssertNothingDecided(rungs.Finished(T(1), CurveTo(1, 20), 20), held: true, rerun: 0);
        var rung2 = rungs.Finished(T(0), CurveTo(0, 20), 20);
        Assert.Equal([T(0)], rung2.RunAgain);
        var pruned = Assert.Single(rung2.Pruned);
        Assert.Equal((T(1), 20L, 10L), (pruned.Trial, pruned.Decision.AtStep, pruned.StepsRerun));
        Assert.Contains("rung 2 at step 20 (sync)", pruned.Decision.Reason, StringComparison.Ordinal);
        Assert.Equal(long.MaxValue, rungs.StopAtStep(T(0)));

        // Past the last rung: the whole budget, committed at once with its earlier runs (10 + 20) as re-run steps.
        AssertNothingDecided(rungs.Finished(T(0), CurveTo(0, 40), 40), held: false, rerun: 30);
    }

    [Fact]
    public void A_trial_that_ends_before_its_rung_is_committed_at_once_and_the_rung_is_decided_without_it()
    {
        var rungs = new SyncRungs(Sync, Trials, new Dictionary<TrialId, IReadOnlyList<EvalPoint>>());
        rungs.Finished(T(1), CurveTo(1, 10), 10);
        rungs.Finished(T(2), CurveTo(2, 10), 10);
        rungs.Finished(T(3), CurveTo(3, 10), 10);

        // Configuration 0 diverged at step 5: committed, and the rung (three configurations left, keep 1) is decided.
        var ended = rungs.Finished(T(0), [Point(5, double.NaN)], 5);

        Assert.False(ended.Held);
        Assert.Equal(0, ended.StepsRerun);
        Assert.Equal([T(1)], ended.RunAgain);
        Assert.Equal([2, 3], Indices(ended.Pruned.Select(p => p.Trial)));
        Assert.Equal(long.MaxValue, rungs.StopAtStep(T(0)));
    }

    [Fact]
    public void A_trial_given_up_leaves_the_race_and_can_complete_a_rung()
    {
        var rungs = new SyncRungs(Sync, Trials, new Dictionary<TrialId, IReadOnlyList<EvalPoint>>());
        foreach (int i in new[] { 0, 1, 2 })
        {
            rungs.Finished(T(i), CurveTo(i, 10), 10);
        }

        var gaveUp = rungs.GaveUp(T(3));

        Assert.Equal([T(0)], gaveUp.RunAgain);
        Assert.Equal([1, 2], Indices(gaveUp.Pruned.Select(p => p.Trial)));
    }

    [Fact]
    public void On_resume_committed_curves_are_fed_at_each_rung_and_only_live_trials_are_run_again_or_pruned()
    {
        // The earlier run committed configuration 3 (pruned at rung 10) and configuration 1 (pruned at rung 20, its
        // curve to 20); 0 and 2 were held or running when the coordinator died, and start again from rung 1.
        var committed = new Dictionary<TrialId, IReadOnlyList<EvalPoint>> { [T(3)] = CurveTo(3, 10), [T(1)] = CurveTo(1, 20) };
        var rungs = new SyncRungs(Sync, Trials, committed);
        Assert.Equal((10L, 10L), (rungs.StopAtStep(T(0)), rungs.StopAtStep(T(2))));

        AssertNothingDecided(rungs.Finished(T(2), CurveTo(2, 10), 10), held: true, rerun: 0);
        var rung1 = rungs.Finished(T(0), CurveTo(0, 10), 10);

        // Rung 10 as before (0 and 1 promoted, 2 and 3 pruned), but 1 and 3 are committed: only 0 runs again, only 2 is
        // pruned now. Rung 20 waits for 0 (1's committed curve is fed at once).
        Assert.Equal([T(0)], rung1.RunAgain);
        Assert.Equal([(T(2), 0L)], rung1.Pruned.Select(p => (p.Trial, p.StepsRerun)));
        var rung2 = rungs.Finished(T(0), CurveTo(0, 20), 20);
        Assert.Equal([T(0)], rung2.RunAgain);
        Assert.Empty(rung2.Pruned);
        AssertNothingDecided(rungs.Finished(T(0), CurveTo(0, 40), 40), held: false, rerun: 30);
    }

    [Fact]
    public void A_budget_in_epochs_is_refused_with_the_trial_and_what_to_set()
    {
        var trials = Trials;
        var inEpochs = Configs[2] with { Steps = 0, Epochs = 3 };
        trials[2] = new PendingTrial(Id(inEpochs), inEpochs);

        var error = Assert.Throws<ArgumentException>(() => new SyncRungs(Sync, trials, new Dictionary<TrialId, IReadOnlyList<EvalPoint>>()));

        Assert.Contains(Id(inEpochs).ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("\"steps\" instead of \"epochs\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The configuration indices of <paramref name="trials"/>, ascending.</summary>
    private static List<int> Indices(IEnumerable<TrialId> trials) => [.. trials.Select(t => Array.FindIndex(Configs, c => Id(c) == t)).Order()];

    private static void AssertNothingDecided(SyncStep step, bool held, long rerun)
    {
        Assert.Equal((held, rerun), (step.Held, step.StepsRerun));
        Assert.Empty(step.RunAgain);
        Assert.Empty(step.Pruned);
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class TrialMetricsCalculatorTests
{
    [Fact]
    public void Steps_examples_and_seconds_come_from_the_first_point_at_or_below_the_target()
    {
        var trial = SyntheticTrials.Trial(new TrialConfig { Steps = 200, Epochs = 0 }, SyntheticTrials.Curve(i => 1.0 / i));
        var metrics = TrialMetricsCalculator.Compute(trial, target: 0.25, budgetSteps: 200);
        Assert.True(metrics.ReachedTarget);
        Assert.Equal(4 * SyntheticTrials.StepsPerPoint, metrics.StepsToTarget);
        Assert.Equal(4 * SyntheticTrials.StepsPerPoint * SyntheticTrials.BatchSize, metrics.ExamplesToTarget);
        Assert.Equal(2.0, metrics.SecondsToTarget);
        Assert.DoesNotContain(TrialFlags.TargetNotReached, metrics.Flags);
    }

    [Fact]
    public void A_trial_that_never_reaches_the_target_counts_its_whole_budget_and_is_flagged()
    {
        var trial = SyntheticTrials.Trial(new TrialConfig(), SyntheticTrials.Curve(_ => 1.0));
        var metrics = TrialMetricsCalculator.Compute(trial, target: 0.5, budgetSteps: 500);
        Assert.False(metrics.ReachedTarget);
        Assert.Equal(500, metrics.StepsToTarget);
        Assert.Equal(500.0 * SyntheticTrials.BatchSize, metrics.ExamplesToTarget);
        Assert.Contains(TrialFlags.TargetNotReached, metrics.Flags);
    }

    [Fact]
    public void A_failed_trial_measured_nothing_and_carries_no_flag()
    {
        // As the coordinator records a trial given up on: no curve, no layers, a default summary (vanishing ratio 0).
        var failed = new TrialData(Sweep.Specs.TrialId.Of(new TrialConfig()), new TrialConfig(), TrialStatus.Failed, new TrialSummary(), 0, [], []);
        var metrics = TrialMetricsCalculator.Compute(failed, target: 0.5, budgetSteps: 500);

        Assert.Equal(Diagnoses.Failed, metrics.Diagnosis);
        Assert.Empty(metrics.Flags);
        Assert.True(double.IsNaN(metrics.VanishingRatio));
    }

    [Fact]
    public void A_diverged_trial_gets_the_budget_of_its_completed_peers()
    {
        var completed = SyntheticTrials.Trial(new TrialConfig { Seed = 1 }, SyntheticTrials.Curve(i => 1.0 / i));
        var diverged = SyntheticTrials.Trial(new TrialConfig { Seed = 2 }, SyntheticTrials.Curve(i => i < 5 ? 1.0 : double.NaN, points: 5), TrialStatus.Diverged);
        var metrics = TrialMetricsCalculator.Compute([completed, diverged], fixedTarget: 0.01);
        Assert.Equal(completed.Summary.StepsRun, metrics[1].StepsToTarget);
        Assert.Equal(Diagnoses.Diverged, metrics[1].Diagnosis);
        Assert.True(metrics[1].Diverged);
    }

    [Fact]
    public void Without_a_curve_the_engine_steps_to_target_is_used_for_its_own_target()
    {
        var trial = SyntheticTrials.Trial(new TrialConfig { TargetLoss = 0.3 }, [], summary: s => s with { StepsToTarget = 70, StepsRun = 100 });
        Assert.Equal(70, TrialMetricsCalculator.Compute(trial, 0.3, 100).StepsToTarget);
        Assert.Equal(100, TrialMetricsCalculator.Compute(trial, 0.2, 100).StepsToTarget);
    }

    [Fact]
    public void Never_converged_counts_the_budget()
    {
        var trial = SyntheticTrials.Trial(new TrialConfig(), SyntheticTrials.Curve(i => 1.0 / i), summary: s => s with { ConvergedAtStep = null });
        Assert.Equal(321, TrialMetricsCalculator.Compute(trial, 0.1, 321).ConvergedAtStep);
        var converged = trial with { Summary = trial.Summary with { ConvergedAtStep = 40 } };
        Assert.Equal(40, TrialMetricsCalculator.Compute(converged, 0.1, 321).ConvergedAtStep);
    }

    [Fact]
    public void Stability_is_the_spread_of_log_gradient_norms_after_warm_up()
    {
        // A wild warm-up (norms 1e-6..1e6), then norms alternating between e and 1/e: ln spreads by 1.
        var curve = SyntheticTrials.Curve(i => 1.0 / i, grad: i => i <= 5 ? Math.Pow(1e6, i % 2 == 0 ? 1 : -1) : Math.Exp(i % 2 == 0 ? 1 : -1));
        var trial = SyntheticTrials.Trial(new TrialConfig { WarmupSteps = 5 * SyntheticTrials.StepsPerPoint }, curve);
        // Points 6..20 after warm-up: eight at +1 and seven at -1 (mean 1/15), sample variance (15 - 1/15) / 14.
        double expected = Math.Sqrt((15 - 1.0 / 15) / 14);
        Assert.Equal(expected, TrialMetricsCalculator.Compute(trial, 0.1, 200).GradLogStd, 12);
        Assert.True(double.IsNaN(TrialMetricsCalculator.Compute(trial with { Curve = [] }, 0.1, 200).GradLogStd));
    }
}

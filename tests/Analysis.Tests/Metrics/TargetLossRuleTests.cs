using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class TargetLossRuleTests
{
    private static TrialData WithFinalLoss(double loss, long seed, string dataset = "spirals", TrialStatus status = TrialStatus.Completed) =>
        SyntheticTrials.Trial(new TrialConfig { Dataset = dataset, Seed = seed }, SyntheticTrials.Curve(_ => loss), status);

    [Fact]
    public void Default_target_is_the_median_final_loss_of_the_best_quarter_with_its_margin()
    {
        // Eight finishing trials: the best quarter is {0.1, 0.2}, whose median is 0.15.
        var trials = new[] { 0.8, 0.1, 0.5, 0.2, 0.7, 0.3, 0.6, 0.4 }.Select((loss, i) => WithFinalLoss(loss, i)).ToList();
        var targets = TargetLossRule.Targets(trials, fixedTarget: null);
        Assert.Equal(0.15 * AnalysisThresholds.TargetMargin, targets.Single().Value, 12);
    }

    [Fact]
    public void Diverged_trials_do_not_set_the_target()
    {
        var trials = new List<TrialData> { WithFinalLoss(0.5, 1), WithFinalLoss(0.001, 2, status: TrialStatus.Diverged) };
        Assert.Equal(0.5 * AnalysisThresholds.TargetMargin, TargetLossRule.Targets(trials, null).Single().Value, 12);
    }

    [Fact]
    public void Each_dataset_gets_its_own_target()
    {
        var trials = new List<TrialData> { WithFinalLoss(0.5, 1), WithFinalLoss(0.01, 2, dataset: "moons") };
        var targets = TargetLossRule.Targets(trials, null);
        Assert.Equal(0.5 * AnalysisThresholds.TargetMargin, targets[TargetLossRule.DataKey(trials[0].Config)], 12);
        Assert.Equal(0.01 * AnalysisThresholds.TargetMargin, targets[TargetLossRule.DataKey(trials[1].Config)], 12);
    }

    [Fact]
    public void A_fixed_target_wins_then_a_shared_config_target()
    {
        var shared = new[] { 0.3, 0.4 }.Select((loss, i) => SyntheticTrials.Trial(
            new TrialConfig { TargetLoss = 0.25, Seed = i }, SyntheticTrials.Curve(_ => loss))).ToList();
        Assert.Equal(0.25, TargetLossRule.Targets(shared, null).Single().Value);
        Assert.Equal(0.9, TargetLossRule.Targets(shared, 0.9).Single().Value);
    }
}

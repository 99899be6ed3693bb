using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class TargetLossRuleTests
{
    private const double Chance = 1.0;

    /// <summary>A trial that falls from chance to <paramref name="final"/> and stays there; lr tells configurations apart.</summary>
    private static TrialData Ending(double final, long seed, double lr = 0.01, string dataset = "spirals", TrialStatus status = TrialStatus.Completed) =>
        SyntheticTrials.Trial(
            new TrialConfig { Dataset = dataset, Seed = seed, Lr = lr },
            SyntheticTrials.Curve(i => final + (Chance - final) * Math.Exp(-i), points: 30),
            status,
            s => s with { ChanceLoss = Chance, InitialTrainLoss = Chance });

    private static IReadOnlyDictionary<string, TargetLoss> Targets(IReadOnlyList<TrialData> trials, double? fixedTarget = null) =>
        TargetLossRule.Targets(trials, [.. trials.Select(CurveDiagnostics.Read)], fixedTarget);

    [Fact]
    public void Default_target_is_80_percent_of_the_way_from_chance_to_the_best_configuration_that_learned()
    {
        // Two configurations: lr 0.01 ends at 0.2 and 0.3 (median 0.25), lr 0.1 at 0.5 and 0.6. The best median is 0.25.
        var trials = new[] { Ending(0.2, 1), Ending(0.3, 2), Ending(0.5, 1, lr: 0.1), Ending(0.6, 2, lr: 0.1) };
        var target = Targets(trials).Single().Value;

        Assert.Equal(Chance - 0.8 * (Chance - 0.25), target.Loss, 3);
        Assert.Equal("derived", target.Source);
        Assert.Contains("chance-level loss 1", target.Explanation);
    }

    [Fact]
    public void A_lone_configuration_must_get_most_of_the_way_to_its_own_end_not_merely_reach_it()
    {
        var target = Targets([Ending(0.2, 1), Ending(0.2, 2)]).Single().Value;

        Assert.Equal(0.36, target.Loss, 3);
        Assert.True(target.Loss > 0.2, "its own end reaches it");
    }

    [Fact]
    public void Runs_that_did_not_learn_do_not_set_the_target()
    {
        var trials = new List<TrialData>
        {
            Ending(0.5, 1),
            Ending(0.001, 2, lr: 0.1, status: TrialStatus.Diverged),
            Ending(0.98, 1, lr: 1e-6), // stalled at chance
        };
        Assert.Equal(Chance - 0.8 * (Chance - 0.5), Targets(trials).Single().Value.Loss, 3);
    }

    [Fact]
    public void Without_a_configuration_that_learned_there_is_no_target_and_the_reason_says_so()
    {
        var target = Targets([Ending(0.99, 1), Ending(0.99, 2)]).Single().Value;

        Assert.True(double.IsNaN(target.Loss));
        Assert.Contains("target_loss", target.Explanation);
    }

    [Fact]
    public void Each_dataset_gets_its_own_target()
    {
        var trials = new List<TrialData> { Ending(0.5, 1), Ending(0.1, 2, dataset: "moons") };
        var targets = Targets(trials);
        Assert.Equal(0.6, targets[TargetLossRule.DataKey(trials[0].Config)].Loss, 3);
        Assert.Equal(0.28, targets[TargetLossRule.DataKey(trials[1].Config)].Loss, 3);
    }

    [Fact]
    public void A_fixed_target_wins_then_a_shared_config_target()
    {
        var shared = new[] { 0.3, 0.4 }.Select((loss, i) => SyntheticTrials.Trial(
            new TrialConfig { TargetLoss = 0.25, Seed = i }, SyntheticTrials.Curve(_ => loss))).ToList();
        Assert.Equal(0.25, Targets(shared).Single().Value.Loss);
        Assert.Equal("spec", Targets(shared).Single().Value.Source);
        Assert.Equal(0.9, Targets(shared, 0.9).Single().Value.Loss);
    }
}

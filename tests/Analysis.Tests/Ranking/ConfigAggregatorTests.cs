using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Ranking;

public class ConfigAggregatorTests
{
    [Fact]
    public void Only_fields_that_vary_other_than_the_seed_are_axes()
    {
        var configs = new[]
        {
            new TrialConfig { Optimizer = "sgd", Depth = 4, Seed = 1 },
            new TrialConfig { Optimizer = "adam", Depth = 4, Seed = 2 },
            new TrialConfig { Optimizer = "adam", Depth = 8, Seed = 1 },
        };
        Assert.Equal(["depth", "optimizer"], ConfigAggregator.VaryingFields(configs));
        Assert.Equal("depth=8, optimizer=adam", ConfigAggregator.ConfigKey(configs[2], ["depth", "optimizer"]));
    }

    [Fact]
    public void A_field_the_other_axes_determine_is_not_an_axis()
    {
        // Canonical configs spell out momentum: 0 for sgd, 0.9 for momentum and nesterov.
        var configs = new[] { "sgd", "momentum", "nesterov" }.SelectMany(opt => new[] { 2, 4 }.Select(depth =>
            new TrialConfig { Optimizer = opt, Depth = depth }.Canonical())).ToList();
        Assert.Equal(["depth", "optimizer"], ConfigAggregator.VaryingFields(configs));
    }

    [Fact]
    public void Fields_that_pair_one_to_one_both_stay()
    {
        var configs = new[] { (0.1, 0.5), (0.2, 0.7), (0.3, 0.9) }.Select(p => new TrialConfig { Lr = p.Item1, Momentum = p.Item2 }).ToList();
        Assert.Equal(["lr", "momentum"], ConfigAggregator.VaryingFields(configs));
    }

    [Fact]
    public void Seeds_of_one_configuration_are_summarised_together()
    {
        var trials = Enumerable.Range(1, 3).SelectMany(seed => new[] { "sgd", "adam" }.Select(opt =>
            SyntheticTrials.Trial(new TrialConfig { Optimizer = opt, Depth = 3, Seed = seed }, SyntheticTrials.Curve(i => 1.0 / i),
                opt == "sgd" && seed == 3 ? TrialStatus.Diverged : TrialStatus.Completed,
                s => s with { VanishingRatio = opt == "sgd" && seed < 3 ? 1e-4 : 1 }))).ToList();
        var analysis = SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.1 });
        var sgd = analysis.Configurations.Single(c => c.ConfigKey == "optimizer=sgd");
        Assert.Equal(3, sgd.Seeds);
        Assert.Equal(1, sgd.Diverged);
        Assert.Equal(new Dictionary<string, object?> { ["optimizer"] = "sgd" }, sgd.Config);
        Assert.Equal(Diagnoses.StillLearning, sgd.Diagnosis);
        Assert.Equal([Diagnoses.StillLearning, Diagnoses.StillLearning, Diagnoses.Diverged], sgd.SeedDiagnoses);
        Assert.Contains(TrialFlags.VanishingGradients, sgd.Flags);
        Assert.DoesNotContain(TrialFlags.VanishingGradients, analysis.Configurations.Single(c => c.ConfigKey == "optimizer=adam").Flags);
        Assert.Equal(3, sgd.TrialIds.Count);
    }

    [Fact]
    public void A_tie_between_diagnoses_takes_the_more_severe()
    {
        var trials = new[]
        {
            SyntheticTrials.Trial(new TrialConfig { Seed = 1 }, SyntheticTrials.Curve(i => 1.0 / i)),
            SyntheticTrials.Trial(new TrialConfig { Seed = 2 }, SyntheticTrials.Curve(i => 1.0 / i, i => 0.2 + 0.1 * i)),
        };
        var config = SweepAnalysis.FromTrials(trials).Configurations.Single();
        Assert.Equal(Diagnoses.Overfitting, config.Diagnosis);
        Assert.Equal("(single configuration)", config.ConfigKey);
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;

namespace Sweep.Analysis.Tests.Factors;

public class FactorAnalysisTests
{
    /// <summary>
    /// depth {2, 4, 8} x norm {none, batchnorm} x optimizer {sgd, adam} x 2 seeds. Steps to target:
    /// norm matters most (batchnorm is fast), depth slows plain networks only (a depth x norm
    /// interaction), the optimizer barely matters.
    /// </summary>
    private static SweepAnalysis Grid()
    {
        var trials = new List<TrialData>();
        foreach (int depth in new[] { 2, 4, 8 })
        {
            foreach (string norm in new[] { "none", "batchnorm" })
            {
                foreach (string optimizer in new[] { "sgd", "adam" })
                {
                    for (int seed = 1; seed <= 2; seed++)
                    {
                        double speed = norm == "batchnorm" ? 1.0 : 0.6 / depth;
                        speed *= optimizer == "adam" ? 1.02 : 1.0;
                        speed *= 1 + 0.01 * seed;
                        var config = new TrialConfig { Depth = depth, Norm = norm, Optimizer = optimizer, Seed = seed };
                        var grad = SyntheticTrials.Wobble(norm == "batchnorm" ? 0.1 : 0.1 * depth);
                        trials.Add(SyntheticTrials.Trial(config, SyntheticTrials.Curve(SyntheticTrials.Falling(speed), points: 60, grad: grad)));
                    }
                }
            }
        }

        return SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.2 });
    }

    [Fact]
    public void The_factor_that_drives_speed_has_the_largest_variance_share()
    {
        var speed = Grid().FactorEffects().Where(e => e.Metric == MetricCatalog.Speed).ToList();
        Assert.Equal(["norm", "depth", "optimizer"], speed.Select(e => e.Factor));
        Assert.Equal([1, 2, 3], speed.Select(e => e.Importance));
        Assert.True(speed[0].VarianceShare > 0.4);
        Assert.True(speed[2].VarianceShare < 0.05);
        Assert.Equal("batchnorm", speed[0].BestLevel);
    }

    [Fact]
    public void Levels_are_marginal_means_in_natural_order_with_intervals()
    {
        var depth = Grid().FactorEffects().Single(e => e.Metric == MetricCatalog.Speed && e.Factor == "depth");
        Assert.Equal(["2", "4", "8"], depth.Levels.Select(l => l.Label));
        Assert.Equal([2, 4, 8], depth.Levels.Select(l => (int)l.Value!));
        Assert.True(depth.Levels[0].Stats.Mean < depth.Levels[2].Stats.Mean);
        Assert.All(depth.Levels, l => Assert.InRange(l.Stats.Mean, l.Stats.CiLow, l.Stats.CiHigh));
        Assert.All(depth.Levels, l => Assert.Equal(8, l.Stats.Count));
    }

    [Fact]
    public void The_strongest_interaction_is_the_pair_that_acts_together()
    {
        var analysis = Grid();
        var strongest = analysis.Interactions().First();
        Assert.Equal(("depth", "norm"), (strongest.FactorA, strongest.FactorB));
        Assert.True(strongest.VarianceShare > 0.05);
        Assert.Equal("norm", analysis.FactorEffects().Single(e => e.Metric == MetricCatalog.Speed && e.Factor == "depth").StrongestInteractionWith);
        Assert.Equal(["2", "4", "8"], strongest.LevelsA);
        Assert.Equal(["batchnorm", "none"], strongest.LevelsB);
        Assert.True(strongest.CellMeans[2, 1] > strongest.CellMeans[0, 1]);
        Assert.Equal(strongest.CellMeans[0, 0], strongest.CellMeans[2, 0], 6);
    }

    [Fact]
    public void Variance_shares_of_a_full_grid_add_up_to_at_most_one()
    {
        var analysis = Grid();
        double mains = analysis.FactorEffects().Where(e => e.Metric == MetricCatalog.Speed).Sum(e => e.VarianceShare);
        double pairs = analysis.Interactions().Sum(i => i.VarianceShare);
        Assert.InRange(mains + pairs, 0.5, 1.0 + 1e-9);
    }

    [Fact]
    public void Stability_effects_are_reported_too()
    {
        var stability = Grid().FactorEffects().Where(e => e.Metric == MetricCatalog.Stability).ToList();
        Assert.Equal(3, stability.Count);
        Assert.Equal("batchnorm", stability.Single(e => e.Factor == "norm").BestLevel);
    }
    [Fact]
    public void A_level_that_stops_training_is_not_credited_with_stable_gradients()
    {
        // init "zeros" stalls at chance with gradients that barely move (log std near 0); "he" learns with the usual
        // wobble. Counting the stalled runs, "zeros" would be the most stable level; they never trained, so they carry
        // no stability value, and the effect is measured on the runs that did.
        var trials = new List<TrialData>();
        foreach (string initName in new[] { "zeros", "he-normal" })
        {
            foreach (string optimizer in new[] { "sgd", "adam" })
            {
                for (int seed = 1; seed <= 3; seed++)
                {
                    var config = new TrialConfig { Init = initName, Optimizer = optimizer, Seed = seed };
                    var curve = initName == "zeros"
                        ? SyntheticTrials.Curve(_ => 1.0986, points: 40, grad: i => 1e-3 * (1 + 0.001 * Math.Sin(i)))
                        : SyntheticTrials.Curve(SyntheticTrials.Falling(1.0 + 0.01 * seed), points: 40, grad: SyntheticTrials.Wobble(optimizer == "adam" ? 0.3 : 0.5));
                    trials.Add(SyntheticTrials.Trial(config, curve, summary: s => s with { ChanceLoss = 1.0986, InitialTrainLoss = 1.0986 }));
                }
            }
        }

        var analysis = SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.2 });
        var stalled = analysis.TrialMetrics.Where(t => t.Config.Init == "zeros").ToList();
        Assert.All(stalled, t => Assert.Equal(Diagnoses.Stalled, t.Diagnosis));
        Assert.All(stalled, t => Assert.True(double.IsNaN(MetricCatalog.Find(MetricCatalog.Stability).Value(t))));
        var init = analysis.FactorEffects().Single(e => e.Metric == MetricCatalog.Stability && e.Factor == "init");
        Assert.NotEqual("zeros", init.BestLevel);
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Ranking;

public class RankerTests
{
    /// <summary>Seeds 1..seeds of one optimizer; <paramref name="speed"/> sets how fast the loss falls, <paramref name="jitter"/> how much seeds differ.</summary>
    private static IEnumerable<TrialData> Seeds(string optimizer, double speed, double jitter = 0.01, int seeds = 3, double gradLogStd = 0.1, TrialStatus status = TrialStatus.Completed) =>
        Enumerable.Range(1, seeds).Select(seed => SyntheticTrials.Trial(
            new TrialConfig { Optimizer = optimizer, Seed = seed },
            SyntheticTrials.Curve(SyntheticTrials.Falling(speed * (1 + jitter * (seed - 2))), points: 40, grad: SyntheticTrials.Wobble(gradLogStd * (1 + 0.01 * seed))),
            status));

    private static SweepAnalysis Analyse(params IEnumerable<TrialData>[] groups) =>
        SweepAnalysis.FromTrials(groups.SelectMany(g => g), new AnalysisOptions { TargetLoss = 0.2 });

    [Fact]
    public void Faster_configurations_rank_first_with_clear_gaps_not_tied()
    {
        var ranking = Analyse(Seeds("sgd", 0.1), Seeds("adam", 0.8), Seeds("momentum", 0.3)).Rank();
        Assert.Equal(["optimizer=adam", "optimizer=momentum", "optimizer=sgd"], ranking.Select(r => r.ConfigKey));
        Assert.Equal([1, 2, 3], ranking.Select(r => r.Rank));
        Assert.All(ranking, r => Assert.False(r.TiedWithPrevious));
        Assert.Equal([1, 2, 3], ranking.Select(r => r.TieGroup));
        Assert.True(ranking[0].StepsToTarget.Mean < ranking[1].StepsToTarget.Mean);
    }

    [Fact]
    public void Overlapping_intervals_are_reported_as_not_distinguishable()
    {
        // Two optimizers whose seeds spread widely around nearly the same speed.
        var ranking = Analyse(Seeds("sgd", 0.30, jitter: 0.5), Seeds("adam", 0.31, jitter: 0.5), Seeds("momentum", 3.0, jitter: 0.01)).Rank();
        Assert.Equal("optimizer=momentum", ranking[0].ConfigKey);
        Assert.False(ranking[1].TiedWithPrevious);
        Assert.True(ranking[2].TiedWithPrevious);
        Assert.Equal(ranking[1].TieGroup, ranking[2].TieGroup);
    }

    [Fact]
    public void A_diverged_configuration_ranks_below_every_configuration_that_never_diverged()
    {
        var diverging = Enumerable.Range(1, 3).Select(seed => SyntheticTrials.Trial(
            new TrialConfig { Optimizer = "adam", Seed = seed },
            SyntheticTrials.Curve(i => i < 3 ? 0.01 : double.NaN, points: 3),
            seed == 1 ? TrialStatus.Diverged : TrialStatus.Completed));
        var ranking = Analyse(Seeds("sgd", 0.05), diverging).Rank();
        Assert.Equal("optimizer=sgd", ranking[0].ConfigKey);
        Assert.Equal(1, ranking[1].Diverged);
        Assert.False(ranking[1].OnParetoFront);
    }

    [Fact]
    public void Equal_values_come_out_in_key_order()
    {
        var ranking = Analyse(Seeds("sgd", 0.3, jitter: 0), Seeds("adam", 0.3, jitter: 0), Seeds("momentum", 0.3, jitter: 0)).Rank();
        Assert.Equal(["optimizer=adam", "optimizer=momentum", "optimizer=sgd"], ranking.Select(r => r.ConfigKey));
        Assert.True(ranking[1].TiedWithPrevious && ranking[2].TiedWithPrevious);
    }

    [Fact]
    public void By_a_metric_where_higher_is_better_sorts_descending()
    {
        var trials = new[] { ("sgd", 0.6), ("adam", 0.9), ("momentum", 0.7) }.SelectMany(pair => Enumerable.Range(1, 2).Select(seed =>
            SyntheticTrials.Trial(new TrialConfig { Optimizer = pair.Item1, Seed = seed }, SyntheticTrials.Curve(i => 1.0 / i),
                summary: s => s with { BestValAccuracy = pair.Item2 + 0.001 * seed })));
        var ranking = SweepAnalysis.FromTrials(trials).Rank(new RankingOptions { By = "best_val_accuracy" });
        Assert.Equal(["optimizer=adam", "optimizer=momentum", "optimizer=sgd"], ranking.Select(r => r.ConfigKey));
        Assert.All(ranking, r => Assert.Equal(MetricCatalog.BestValAccuracy, r.RankedBy));
    }

    [Fact]
    public void Stability_alias_ranks_by_gradient_log_std()
    {
        var ranking = Analyse(Seeds("sgd", 0.3, gradLogStd: 0.5), Seeds("adam", 0.9, gradLogStd: 0.9), Seeds("momentum", 0.5, gradLogStd: 0.1))
            .Rank(new RankingOptions { By = "stability" });
        Assert.Equal(["optimizer=momentum", "optimizer=sgd", "optimizer=adam"], ranking.Select(r => r.ConfigKey));
    }

    [Fact]
    public void Pareto_front_keeps_the_fastest_and_the_steadiest_but_not_the_dominated()
    {
        var analysis = Analyse(Seeds("sgd", 0.1, gradLogStd: 0.05), Seeds("adam", 0.9, gradLogStd: 0.5), Seeds("momentum", 0.3, gradLogStd: 0.6));
        var front = analysis.Rank(new RankingOptions { ParetoOnly = true });
        Assert.Equal(["optimizer=adam", "optimizer=sgd"], front.Select(r => r.ConfigKey));
        Assert.All(front, r => Assert.True(r.OnParetoFront));
        Assert.False(analysis.Rank().Single(r => r.ConfigKey == "optimizer=momentum").OnParetoFront);
    }

    [Fact]
    public void Top_limits_the_list_and_unknown_metrics_are_refused()
    {
        var analysis = Analyse(Seeds("sgd", 0.1), Seeds("adam", 0.8), Seeds("momentum", 0.3));
        Assert.Single(analysis.Rank(new RankingOptions { Top = 1 }));
        var error = Assert.Throws<ArgumentException>(() => analysis.Rank(new RankingOptions { By = "speedy" }));
        Assert.Contains("steps_to_target", error.Message);
        Assert.Throws<ArgumentException>(() => analysis.Rank(new RankingOptions { Top = 0 }));
    }

    [Fact]
    public void Ranking_twice_gives_identical_results()
    {
        var first = Analyse(Seeds("sgd", 0.3, jitter: 0.4), Seeds("adam", 0.31, jitter: 0.4)).Rank();
        var second = Analyse(Seeds("sgd", 0.3, jitter: 0.4), Seeds("adam", 0.31, jitter: 0.4)).Rank();
        Assert.Equal(first.Select(r => (r.ConfigKey, r.StepsToTarget)), second.Select(r => (r.ConfigKey, r.StepsToTarget)));
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Ranking;

public class RankingAgreementTests
{
    /// <summary>Three seeds of one learning rate whose loss falls with <paramref name="speed"/> (seeds spread by <paramref name="jitter"/>).</summary>
    private static IEnumerable<TrialData> Config(double lr, double speed, double jitter = 0.01, int prunedAfter = 0) =>
        Enumerable.Range(1, 3).Select(seed =>
        {
            var curve = SyntheticTrials.Curve(SyntheticTrials.Falling(speed * (1 + jitter * (seed - 2))), points: 40);
            var config = new TrialConfig { Lr = lr, Seed = seed, Steps = 400 };
            return prunedAfter > 0
                ? SyntheticTrials.Trial(config, [.. curve.Take(prunedAfter)], TrialStatus.Pruned) with { StopRule = "asha" }
                : SyntheticTrials.Trial(config, curve);
        });

    private static IReadOnlyList<ConfigRanking> Rank(params IEnumerable<TrialData>[] configs) =>
        SweepAnalysis.FromTrials(configs.SelectMany(c => c), new AnalysisOptions { TargetLoss = 0.2 }).Rank();

    [Fact]
    public void The_same_top_agrees_whatever_the_order_within_it()
    {
        var full = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.4), Config(0.1, 0.1));
        var adaptive = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.4), Config(0.1, 0.1, prunedAfter: 5));

        Assert.Equal(["lr=0.4", "lr=0.3", "lr=0.2"], RankingAgreement.Top(adaptive, 3));
        Assert.True(RankingAgreement.TopAgree(full, adaptive, 3));
    }

    [Fact]
    public void A_clearly_separated_top_configuration_the_adaptive_run_pruned_is_missing()
    {
        var full = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.4), Config(0.1, 0.1));
        var adaptive = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.4, prunedAfter: 2), Config(0.1, 0.1));

        Assert.Equal(["lr=0.2"], RankingAgreement.Missing(full, adaptive, 3));
        Assert.False(RankingAgreement.TopAgree(full, adaptive, 3));
    }

    [Fact]
    public void A_top_configuration_tied_with_one_the_adaptive_run_kept_in_its_top_still_agrees()
    {
        // lr 0.2 and 0.1 spread widely around nearly the same speed: the full ranking cannot order them.
        var full = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.31, jitter: 0.5), Config(0.1, 0.30, jitter: 0.5));
        var adaptive = Rank(Config(0.4, 0.9), Config(0.3, 0.6), Config(0.2, 0.31, jitter: 0.5, prunedAfter: 3), Config(0.1, 0.30, jitter: 0.5));

        Assert.Equal("lr=0.2", full[2].ConfigKey);
        Assert.True(full[3].TiedWithPrevious);
        Assert.Equal(["lr=0.4", "lr=0.3", "lr=0.1"], RankingAgreement.Top(adaptive, 3));
        Assert.True(RankingAgreement.TopAgree(full, adaptive, 3));
    }
}

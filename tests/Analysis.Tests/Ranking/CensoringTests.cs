using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Ranking;

/// <summary>
/// Pruned trials (issue 13, item 4) are censored where they stopped, never failed or diverged: their diagnosis, their
/// steps to target, the ranking's tiers and text, factor effects and the report's data. Each adaptive sweep here is the
/// full sweep with some trials cut at a rung, so the two can be compared trial for trial.
/// </summary>
public class CensoringTests
{
    private const int Points = 40;
    private const int Budget = Points * SyntheticTrials.StepsPerPoint;

    /// <summary>One trial of a learning-rate configuration: its loss falls with <paramref name="speed"/>, validation 10 % above.</summary>
    private static TrialData Full(double lr, int seed, double speed)
    {
        var fall = SyntheticTrials.Falling(speed * (1 + 0.02 * (seed - 2)));
        return SyntheticTrials.Trial(
            new TrialConfig { Lr = lr, Seed = seed, Steps = Budget },
            SyntheticTrials.Curve(fall, i => 1.1 * fall(i), points: Points, grad: SyntheticTrials.Wobble(0.1)));
    }

    /// <summary>The same trial stopped by the stopping rule after <paramref name="points"/> evaluation points.</summary>
    private static TrialData Pruned(TrialData full, int points, string rule = "asha", string reason = "rung 0 (100 steps): not in the top third")
    {
        var curve = full.Curve.Take(points).ToList();
        var trial = SyntheticTrials.Trial(full.Config, curve, TrialStatus.Pruned);
        return trial with { StopRule = rule, StopReason = reason };
    }

    /// <summary>Six learning rates, fastest first: 0.06 .. 0.01 with speeds 0.8 .. 0.05, three seeds each.</summary>
    private static readonly (double Lr, double Speed)[] Grid = [(0.06, 0.8), (0.05, 0.6), (0.04, 0.4), (0.03, 0.2), (0.02, 0.1), (0.01, 0.05)];

    private static List<TrialData> FullSweep() =>
        [.. Grid.SelectMany(g => Enumerable.Range(1, 3).Select(seed => Full(g.Lr, seed, g.Speed)))];

    /// <summary>The full sweep with the three slowest learning rates pruned at 10 points (step 100), as successive halving would.</summary>
    private static List<TrialData> AdaptiveSweep() =>
        [.. FullSweep().Select(t => t.Config.Lr <= 0.03 ? Pruned(t, 10) : t)];

    [Fact]
    public void A_pruned_trial_is_diagnosed_pruned_with_its_rule_and_reason_not_by_the_shape_of_its_short_curve()
    {
        // Cut while still falling (would read still-learning) and cut while still near its start (would read stalled).
        var falling = Pruned(Full(0.01, 1, 0.05), 10);
        var nearStart = Pruned(SyntheticTrials.Trial(new TrialConfig { Seed = 1, Steps = Budget },
            SyntheticTrials.Curve(i => 2.0 - 0.001 * i, points: Points), summary: s => s with { ChanceLoss = 2.0 }), 5);

        foreach (var trial in new[] { falling, nearStart })
        {
            var reading = CurveDiagnostics.Read(trial);
            Assert.Equal(Diagnoses.Pruned, reading.Diagnosis);
            Assert.Contains($"pruned at step {trial.Summary.StepsRun} by asha: rung 0 (100 steps)", reading.Evidence, StringComparison.Ordinal);
        }

        Assert.Equal(Diagnoses.Stalled, CurveDiagnostics.Diagnose(nearStart with { Status = TrialStatus.Completed }));
        Assert.False(Diagnoses.Learned(Diagnoses.Pruned));
        Assert.DoesNotContain(Diagnoses.Pruned, Diagnoses.NotLearning);
    }

    [Fact]
    public void A_pruned_trial_that_had_diverged_before_the_stop_is_diagnosed_diverged()
    {
        var curve = SyntheticTrials.Curve(i => i < 6 ? 1.0 / i : double.NaN, points: 6);
        var trial = SyntheticTrials.Trial(new TrialConfig { Seed = 1, Steps = Budget }, curve, TrialStatus.Pruned) with { StopRule = "median" };

        var reading = CurveDiagnostics.Read(trial);

        Assert.Equal(Diagnoses.Diverged, reading.Diagnosis);
        Assert.Contains("diverged before it was pruned at step 60", reading.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_to_target_of_a_pruned_miss_is_censored_at_the_step_it_stopped_and_a_pruned_hit_is_measured()
    {
        var miss = TrialMetricsCalculator.Compute(Pruned(Full(0.01, 2, 0.05), 10), target: 0.2, budgetSteps: Budget);
        Assert.False(miss.ReachedTarget);
        Assert.True(miss.Pruned);
        Assert.Equal(100, miss.CensoredAtSteps);
        Assert.Equal(100, miss.StepsToTarget);
        Assert.Equal(100, miss.ConvergedAtStep);
        Assert.Equal(100 * SyntheticTrials.BatchSize, miss.ExamplesToTarget);
        Assert.Equal(Diagnoses.Pruned, miss.Diagnosis);
        Assert.Equal("asha: rung 0 (100 steps): not in the top third", miss.StopDescription);

        // Speed 0.8 is below 0.2 from the third point on (0.05 + 1.95 e^-2.4 = 0.23, e^-3.2: 0.13): reached and held by the stop.
        var hit = TrialMetricsCalculator.Compute(Pruned(Full(0.06, 2, 0.8), 10), target: 0.2, budgetSteps: Budget);
        Assert.True(hit.ReachedTarget);
        Assert.Equal(40, hit.StepsToTarget);

        var ranOut = TrialMetricsCalculator.Compute(Full(0.01, 2, 0.05), target: 0.01, budgetSteps: Budget);
        Assert.Equal(Budget, ranOut.CensoredAtSteps);
        Assert.Equal(Budget, ranOut.StepsToTarget);
    }

    [Theory]
    [InlineData(MetricCatalog.StepsToTarget)]
    [InlineData(MetricCatalog.FinalValLoss)]
    [InlineData(MetricCatalog.BestValLoss)]
    [InlineData(MetricCatalog.AucLogLoss)]
    public void The_top_of_the_ranking_is_the_full_runs_and_pruned_configurations_follow_in_the_order_they_stood_at_their_rung(string by)
    {
        var options = new AnalysisOptions { TargetLoss = 0.2 };
        var full = SweepAnalysis.FromTrials(FullSweep(), options).Rank(new RankingOptions { By = by });
        var adaptive = SweepAnalysis.FromTrials(AdaptiveSweep(), options).Rank(new RankingOptions { By = by });

        Assert.Equal(full.Take(3).Select(c => c.ConfigKey), adaptive.Take(3).Select(c => c.ConfigKey));
        Assert.Equal(["lr=0.06", "lr=0.05", "lr=0.04", "lr=0.03", "lr=0.02", "lr=0.01"], adaptive.Select(c => c.ConfigKey));
        Assert.All(adaptive.Take(3), c => Assert.False(c.LostRace));
        Assert.All(adaptive.Skip(3), c =>
        {
            Assert.True(c.LostRace);
            Assert.Equal(Diagnoses.Pruned, c.Diagnosis);
            Assert.Equal(3, c.Pruned);
            Assert.Equal(100, c.MeanStepsRun);
        });
        // The first pruned configuration is a new group: it is not tied to the last one that ran its budget.
        Assert.False(adaptive[3].TiedWithPrevious);
    }

    [Fact]
    public void The_derived_target_ignores_pruned_trials_so_it_is_the_full_runs()
    {
        var full = SweepAnalysis.FromTrials(FullSweep());
        var adaptive = SweepAnalysis.FromTrials(AdaptiveSweep());

        Assert.Equal(full.TrialMetrics[0].TargetLoss, adaptive.TrialMetrics[0].TargetLoss);
        Assert.Equal(full.Rank().Take(3).Select(c => c.ConfigKey), adaptive.Rank().Take(3).Select(c => c.ConfigKey));
    }

    [Fact]
    public void Pruned_configurations_rank_below_those_that_ran_their_budget_and_learned_and_above_those_that_did_not_learn()
    {
        // lr 0.01 ran its budget and learned but misses the target (0.31 at the end); lr 0.001 ran its budget flat at its start (stalled).
        var trials = FullSweep().Where(t => t.Config.Lr is 0.06 or 0.01).ToList();
        trials.AddRange(FullSweep().Where(t => t.Config.Lr is 0.05).Select(t => Pruned(t, 20)));
        trials.AddRange(Enumerable.Range(1, 3).Select(seed => SyntheticTrials.Trial(
            new TrialConfig { Lr = 0.001, Seed = seed, Steps = Budget },
            SyntheticTrials.Curve(i => 2.0 + 0.001 * (i % 2), points: Points), summary: s => s with { ChanceLoss = 2.0 })));

        var ranking = SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.1 }).Rank();

        Assert.Equal(["lr=0.06", "lr=0.01", "lr=0.05", "lr=0.001"], ranking.Select(c => c.ConfigKey));
        Assert.False(ranking[1].ReachedInMostSeeds);
        Assert.Equal(Diagnoses.Pruned, ranking[2].Diagnosis);
        Assert.Equal(Diagnoses.Stalled, ranking[3].Diagnosis);
    }

    [Fact]
    public void Among_pruned_configurations_the_ones_that_got_further_rank_first()
    {
        // lr 0.03 is faster but was cut at step 50; lr 0.02 survived one more rung and was cut at 150.
        var trials = FullSweep().Where(t => t.Config.Lr is 0.06).ToList();
        trials.AddRange(FullSweep().Where(t => t.Config.Lr is 0.03).Select(t => Pruned(t, 5)));
        trials.AddRange(FullSweep().Where(t => t.Config.Lr is 0.02).Select(t => Pruned(t, 15)));

        var ranking = SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.2 }).Rank(new RankingOptions { By = MetricCatalog.FinalValLoss });

        Assert.Equal(["lr=0.06", "lr=0.02", "lr=0.03"], ranking.Select(c => c.ConfigKey));
        Assert.Equal([400.0, 150.0, 50.0], ranking.Select(c => c.MeanStepsRun));
    }

    [Fact]
    public void Pruned_configurations_stopped_at_the_same_step_with_overlapping_values_are_tied()
    {
        var trials = FullSweep().Where(t => t.Config.Lr is 0.06).ToList();
        trials.AddRange(Enumerable.Range(1, 3).Select(seed => Pruned(Full(0.02, seed, 0.10 * (1 + 0.3 * (seed - 2))), 10)));
        trials.AddRange(Enumerable.Range(1, 3).Select(seed => Pruned(Full(0.01, seed, 0.102 * (1 + 0.3 * (seed - 2))), 10)));

        var ranking = SweepAnalysis.FromTrials(trials, new AnalysisOptions { TargetLoss = 0.2 }).Rank();

        Assert.True(ranking[2].TiedWithPrevious);
        Assert.Equal(ranking[1].TieGroup, ranking[2].TieGroup);
    }

    [Fact]
    public void Steps_to_target_text_says_where_pruned_seeds_were_censored()
    {
        var allPruned = SweepAnalysis.FromTrials(AdaptiveSweep(), new AnalysisOptions { TargetLoss = 0.2 })
            .Configurations.Single(c => c.ConfigKey == "lr=0.01");
        Assert.Equal("> 100 (3/3 pruned)", allPruned.StepsToTargetText);
        Assert.Equal(["asha: rung 0 (100 steps): not in the top third"], allPruned.StopDescriptions);

        // Two seeds reached the target (both at step 70); the third was pruned at step 50 before reaching it.
        var mixed = FullSweep().Where(t => t.Config.Lr is 0.04).Select(t => t.Config.Seed == 1 ? Pruned(t, 5, "median") : t).ToList();
        var config = SweepAnalysis.FromTrials(mixed, new AnalysisOptions { TargetLoss = 0.2 }).Configurations.Single();
        Assert.Equal(1, config.Pruned);
        Assert.Equal(2, config.ReachedTarget);
        Assert.False(config.LostRace);
        Assert.Equal(FormattableString.Invariant($"{config.StepsToTarget.Mean:0}+ (2/3 reached, 1/3 pruned)"), config.StepsToTargetText);
        Assert.Equal((50 + 70 + 70) / 3.0, config.StepsToTarget.Mean, 6);

        var none = SweepAnalysis.FromTrials(FullSweep().Where(t => t.Config.Lr is 0.01), new AnalysisOptions { TargetLoss = 0.01 }).Configurations.Single();
        Assert.Equal($"> {Budget}", none.StepsToTargetText);
    }

    [Fact]
    public void Factor_effects_leave_pruned_trials_out_and_count_them()
    {
        var options = new AnalysisOptions { TargetLoss = 0.2 };
        var adaptive = SweepAnalysis.FromTrials(AdaptiveSweep(), options).FactorEffects([MetricCatalog.StepsToTarget]).Single();
        var survivors = SweepAnalysis.FromTrials(FullSweep().Where(t => t.Config.Lr >= 0.04), options).FactorEffects([MetricCatalog.StepsToTarget]).Single();

        Assert.Equal(9, adaptive.PrunedLeftOut);
        Assert.Equal(0, survivors.PrunedLeftOut);
        Assert.Equal(survivors.Levels.Select(l => (l.Label, l.Stats.Mean)), adaptive.Levels.Select(l => (l.Label, l.Stats.Mean)));
        Assert.Equal("0.06", adaptive.BestLevel);
    }

    [Fact]
    public void Report_counts_pruned_trials_labels_their_configurations_and_marks_their_curves()
    {
        var analysis = SweepAnalysis.FromTrials(AdaptiveSweep(), new AnalysisOptions { TargetLoss = 0.2 });
        var ranking = analysis.Rank();

        string html = HtmlReport.Render(analysis, new ReportOptions());
        string data = ReportData.Json(analysis, ranking, new ReportOptions());

        Assert.Contains("18 trials (0 diverged, 9 pruned, 0 failed)", html, StringComparison.Ordinal);
        Assert.Contains("pruned (asha: rung 0 (100 steps): not in the top third)", html, StringComparison.Ordinal);
        Assert.Contains("&gt; 100 (3/3 pruned)", html, StringComparison.Ordinal);
        Assert.Equal(9, CountOf(data, "\"pruned\":\"asha: rung 0 (100 steps): not in the top third\""));
        Assert.Equal(9, analysis.DiagnosisCounts[Diagnoses.Pruned]);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

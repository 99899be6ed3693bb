using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>Turns trials into <see cref="TrialMetrics"/>: targets, budgets, diagnoses and flags.</summary>
public static class TrialMetricsCalculator
{
    /// <summary>Metrics of every trial, in input order. <paramref name="fixedTarget"/> overrides the target rule.</summary>
    public static IReadOnlyList<TrialMetrics> Compute(IReadOnlyList<TrialData> trials, double? fixedTarget)
    {
        var targets = TargetLossRule.Targets(trials, fixedTarget);
        var budgets = BudgetSteps(trials);
        return [.. trials.Select(t => Compute(t, targets[TargetLossRule.DataKey(t.Config)], budgets[BudgetKey(t.Config)]))];
    }

    /// <summary>
    /// Metrics of one trial against <paramref name="target"/>, with <paramref name="budgetSteps"/> counted
    /// for a target never reached. Without a curve, the engine's own steps_to_target is used when the
    /// trial's target_loss equals <paramref name="target"/>.
    /// </summary>
    public static TrialMetrics Compute(TrialData trial, double target, double budgetSteps)
    {
        var summary = trial.Summary;
        var reachedAt = FirstReached(trial, target);
        double examplesPerStep = ExamplesPerStep(trial);
        double secondsPerStep = summary.StepsRun > 0 ? trial.DurationSeconds / summary.StepsRun : 0;

        return new TrialMetrics
        {
            TrialId = trial.TrialId,
            Config = trial.Config,
            Status = trial.Status,
            TargetLoss = target,
            ReachedTarget = reachedAt is not null,
            BudgetSteps = budgetSteps,
            StepsToTarget = reachedAt?.Step ?? budgetSteps,
            ExamplesToTarget = reachedAt?.Examples ?? budgetSteps * examplesPerStep,
            SecondsToTarget = reachedAt?.WallSeconds ?? budgetSteps * secondsPerStep,
            ConvergedAtStep = summary.ConvergedAtStep ?? budgetSteps,
            AucLogLoss = summary.AucLogTrainLoss,
            GradLogStd = LogStd(trial.Curve.Where(p => p.Step > trial.Config.WarmupSteps).Select(p => p.GradNorm)),
            GradLogCv = summary.GradLogCv,
            SpikeRatio = summary.GradSpikeRatio,
            ClippedFraction = summary.ClippedFraction,
            VanishingRatio = summary.VanishingRatio,
            DeadFraction = summary.DeadFraction,
            SaturatedFraction = summary.SaturatedFraction,
            FinalTrainLoss = summary.FinalTrainLoss,
            FinalValLoss = summary.FinalValLoss ?? double.NaN,
            BestValLoss = summary.BestValLoss ?? double.NaN,
            BestValAccuracy = summary.BestValAccuracy ?? double.NaN,
            Diagnosis = CurveDiagnostics.Diagnose(
                trial.Status, trial.Curve, reachedAt is null ? target : double.NaN, summary.InitialTrainLoss ?? double.NaN),
            Flags = GradientFlags.Of(summary, trial.Curve, trial.Layers, reachedAt is not null),
        };
    }

    /// <summary>Sample standard deviation of ln(norm) over the finite, positive norms; NaN with fewer than two.</summary>
    private static double LogStd(IEnumerable<double> norms)
    {
        var logs = norms.Where(n => double.IsFinite(n) && n > 0).Select(n => Math.Log(n)).ToList();
        if (logs.Count < 2)
        {
            return double.NaN;
        }

        double mean = logs.Average();
        return Math.Sqrt(logs.Sum(v => (v - mean) * (v - mean)) / (logs.Count - 1));
    }

    private readonly record struct Reached(double Step, double Examples, double WallSeconds);

    private static Reached? FirstReached(TrialData trial, double target)
    {
        if (trial.Status == TrialStatus.Failed || double.IsNaN(target))
        {
            return null;
        }

        if (trial.Curve.Count == 0)
        {
            return trial.Summary.StepsToTarget is { } steps && trial.Config.TargetLoss == target
                ? new Reached(steps, steps * ExamplesPerStep(trial), steps * (trial.DurationSeconds / Math.Max(1, trial.Summary.StepsRun)))
                : null;
        }

        foreach (var point in trial.Curve)
        {
            if (double.IsFinite(point.TrainLoss) && point.TrainLoss <= target)
            {
                return new Reached(point.Step, point.Examples, point.WallSeconds);
            }
        }

        return null;
    }

    private static double ExamplesPerStep(TrialData trial) =>
        trial.Summary.StepsRun > 0 ? (double)trial.Summary.ExamplesSeen / trial.Summary.StepsRun : trial.Config.BatchSize;

    /// <summary>Trials on the same data with the same batch size and budget are given the same number of steps.</summary>
    private static string BudgetKey(TrialConfig config) =>
        $"{TargetLossRule.DataKey(config)}|{config.BatchSize}|{config.Epochs}|{config.Steps}";

    /// <summary>
    /// A step budget is the configured steps. An epochs budget is the most steps any trial of its
    /// budget key ran (completed trials without early stop run all of it; diverged ones stop early).
    /// </summary>
    private static Dictionary<string, double> BudgetSteps(IReadOnlyList<TrialData> trials)
    {
        var budgets = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var trial in trials)
        {
            string key = BudgetKey(trial.Config);
            double steps = trial.Config.Steps > 0 ? trial.Config.Steps : trial.Summary.StepsRun;
            budgets[key] = budgets.TryGetValue(key, out double known) ? Math.Max(known, steps) : steps;
        }

        return budgets;
    }
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>Turns trials into <see cref="TrialMetrics"/>: targets, budgets, diagnoses and flags.</summary>
public static class TrialMetricsCalculator
{
    /// <summary>Metrics of every trial, in input order. <paramref name="fixedTarget"/> overrides the target rule.</summary>
    public static IReadOnlyList<TrialMetrics> Compute(IReadOnlyList<TrialData> trials, double? fixedTarget)
    {
        var readings = trials.Select(CurveDiagnostics.Read).ToList();
        var targets = TargetLossRule.Targets(trials, readings, fixedTarget);
        var budgets = BudgetSteps(trials);
        return [.. trials.Select((t, i) => Compute(t, readings[i], targets[TargetLossRule.DataKey(t.Config)], budgets[BudgetKey(t.Config)]))];
    }

    /// <summary>Metrics of one trial against a fixed <paramref name="target"/> (tests and single-trial callers).</summary>
    public static TrialMetrics Compute(TrialData trial, double target, double budgetSteps) =>
        Compute(trial, CurveDiagnostics.Read(trial), new TargetLoss(target, "options", $"target {target}"), budgetSteps);

    /// <summary>
    /// Metrics of one trial against <paramref name="target"/>, with <paramref name="budgetSteps"/> counted
    /// for a target never reached (a pruned trial's <c>steps_run</c> instead: it is censored where it stopped). Without a curve, the engine's own steps_to_target is used when the
    /// trial's target_loss equals the target.
    /// </summary>
    public static TrialMetrics Compute(TrialData trial, CurveReading reading, TargetLoss target, double budgetSteps)
    {
        var summary = trial.Summary;
        var held = Reached(trial, target.Loss, held: true);
        var first = Reached(trial, target.Loss, held: false);
        double examplesPerStep = ExamplesPerStep(trial);
        double secondsPerStep = summary.StepsRun > 0 ? trial.DurationSeconds / summary.StepsRun : 0;
        // a failed trial measured nothing: its record's summary holds defaults (a vanishing ratio of 0 among them), not
        // readings, so it gets no evidence and no flags (it read "vanishing-gradients" before)
        bool failed = trial.Status == TrialStatus.Failed;
        var evidence = failed ? FlagEvidence.None : GradientFlags.Measure(summary, trial.Curve, trial.Layers);
        bool pruned = trial.Status == TrialStatus.Pruned;
        double censoredAt = pruned ? summary.StepsRun : budgetSteps;

        return new TrialMetrics
        {
            TrialId = trial.TrialId,
            Config = trial.Config,
            Status = trial.Status,
            Summary = summary,
            TargetLoss = target.Loss,
            TargetExplanation = target.Explanation,
            ReachedTarget = held is not null,
            BudgetSteps = budgetSteps,
            CensoredAtSteps = censoredAt,
            StopDescription = pruned ? CurveDiagnostics.StopDescription(trial) : null,
            StepsToTarget = held?.Step ?? censoredAt,
            FirstStepToTarget = first?.Step ?? censoredAt,
            ExamplesToTarget = held?.Examples ?? censoredAt * examplesPerStep,
            SecondsToTarget = held?.WallSeconds ?? censoredAt * secondsPerStep,
            ConvergedAtStep = summary.ConvergedAtStep ?? censoredAt,
            AucLogLoss = summary.AucLogTrainLoss,
            GradLogStd = LogStd(trial.Curve.Where(p => p.Step > trial.Config.WarmupSteps).Select(p => p.GradNorm)),
            GradLogCv = summary.GradLogCv,
            SpikeRatio = summary.GradSpikeRatio,
            ClippedFraction = summary.ClippedFraction,
            VanishingRatio = evidence.VanishingRatio,
            DeadFraction = summary.DeadFraction,
            SaturatedFraction = summary.SaturatedFraction,
            FinalTrainLoss = summary.FinalTrainLoss,
            FinalTrainLossMedian = reading.FinalLoss,
            ChanceLoss = reading.ChanceLoss,
            FinalValLoss = summary.FinalValLoss ?? double.NaN,
            BestValLoss = summary.BestValLoss ?? double.NaN,
            BestValAccuracy = summary.BestValAccuracy ?? double.NaN,
            Diagnosis = reading.Diagnosis,
            Reading = reading,
            FlagEvidence = evidence,
            Flags = failed ? [] : GradientFlags.Of(evidence, held is not null),
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

    private readonly record struct TargetPoint(double Step, double Examples, double WallSeconds);

    /// <summary>
    /// The evaluation point where the train loss first reached the target (<paramref name="held"/> false), or from which
    /// it stayed at or below it to the end (true); null when never. Without a curve, the engine's steps_to_target when
    /// the trial's own target_loss is this target.
    /// </summary>
    private static TargetPoint? Reached(TrialData trial, double target, bool held)
    {
        if (trial.Status == TrialStatus.Failed || double.IsNaN(target))
        {
            return null;
        }

        if (trial.Curve.Count == 0)
        {
            return trial.Summary.StepsToTarget is { } steps && trial.Config.TargetLoss == target
                ? new TargetPoint(steps, steps * ExamplesPerStep(trial), steps * (trial.DurationSeconds / Math.Max(1, trial.Summary.StepsRun)))
                : null;
        }

        static bool AtOrBelow(EvalPoint point, double target) => double.IsFinite(point.TrainLoss) && point.TrainLoss <= target;
        int index = -1;
        if (held)
        {
            for (int i = trial.Curve.Count - 1; i >= 0 && AtOrBelow(trial.Curve[i], target); i--)
            {
                index = i;
            }
        }
        else
        {
            index = trial.Curve.ToList().FindIndex(p => AtOrBelow(p, target));
        }

        if (index < 0)
        {
            return null;
        }

        var point = trial.Curve[index];
        return new TargetPoint(point.Step, point.Examples, point.WallSeconds);
    }

    private static double ExamplesPerStep(TrialData trial) =>
        trial.Summary.StepsRun > 0 ? (double)trial.Summary.ExamplesSeen / trial.Summary.StepsRun : trial.Config.BatchSize;

    /// <summary>Trials on the same data with the same batch size and budget are given the same number of steps.</summary>
    private static string BudgetKey(TrialConfig config) =>
        $"{TargetLossRule.DataKey(config)}|{config.BatchSize}|{config.Epochs}|{config.Steps}";

    /// <summary>
    /// A step budget is the configured steps. An epochs budget is the most steps any trial of its
    /// budget key ran (completed trials without early stop run all of it; diverged and pruned ones stop early).
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

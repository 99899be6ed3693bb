using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results.Storage;

/// <summary>One <see cref="TrialSummary"/> property as a column of <c>trials</c> (snake_case, nullable where the event may not happen).</summary>
internal sealed record SummaryField(
    string Name,
    FieldKind Kind,
    bool IsNullable,
    Func<TrialSummary, object?> Get,
    Func<TrialSummary, object?, TrialSummary> With)
{
    /// <summary>A stored value as the property's type (int64 or double), or null when that is not possible.</summary>
    public bool TryConvert(object? raw, out object? value)
    {
        value = null;
        switch (raw)
        {
            case null:
                return IsNullable;
            case long l when Kind == FieldKind.Long:
                value = l;
                return true;
            case int i when Kind == FieldKind.Long:
                value = (long)i;
                return true;
            case double d when Kind == FieldKind.Double:
                value = d;
                return true;
            case float f when Kind == FieldKind.Double:
                value = (double)f;
                return true;
            case int or long when Kind == FieldKind.Double:
                value = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The summary columns of <c>trials</c>, in column order: every <see cref="TrialSummary"/> property.</summary>
internal static class SummaryFields
{
    public static readonly IReadOnlyList<SummaryField> All =
    [
        Long("steps_run", s => s.StepsRun, (s, v) => s with { StepsRun = v }),
        Long("examples_seen", s => s.ExamplesSeen, (s, v) => s with { ExamplesSeen = v }),
        NullableDouble("initial_train_loss", s => s.InitialTrainLoss, (s, v) => s with { InitialTrainLoss = v }),
        Double("final_train_loss", s => s.FinalTrainLoss, (s, v) => s with { FinalTrainLoss = v }),
        Double("best_train_loss", s => s.BestTrainLoss, (s, v) => s with { BestTrainLoss = v }),
        NullableDouble("final_val_loss", s => s.FinalValLoss, (s, v) => s with { FinalValLoss = v }),
        NullableDouble("best_val_loss", s => s.BestValLoss, (s, v) => s with { BestValLoss = v }),
        NullableDouble("final_val_accuracy", s => s.FinalValAccuracy, (s, v) => s with { FinalValAccuracy = v }),
        NullableDouble("best_val_accuracy", s => s.BestValAccuracy, (s, v) => s with { BestValAccuracy = v }),
        NullableLong("converged_at_step", s => s.ConvergedAtStep, (s, v) => s with { ConvergedAtStep = v }),
        NullableLong("diverged_at_step", s => s.DivergedAtStep, (s, v) => s with { DivergedAtStep = v }),
        NullableLong("steps_to_target", s => s.StepsToTarget, (s, v) => s with { StepsToTarget = v }),
        Double("auc_log_train_loss", s => s.AucLogTrainLoss, (s, v) => s with { AucLogTrainLoss = v }),
        Double("grad_norm_median", s => s.GradNormMedian, (s, v) => s with { GradNormMedian = v }),
        Double("grad_spike_ratio", s => s.GradSpikeRatio, (s, v) => s with { GradSpikeRatio = v }),
        Double("grad_log_cv", s => s.GradLogCv, (s, v) => s with { GradLogCv = v }),
        Double("vanishing_ratio", s => s.VanishingRatio, (s, v) => s with { VanishingRatio = v }),
        Double("clipped_fraction", s => s.ClippedFraction, (s, v) => s with { ClippedFraction = v }),
        Double("dead_fraction", s => s.DeadFraction, (s, v) => s with { DeadFraction = v }),
        Double("saturated_fraction", s => s.SaturatedFraction, (s, v) => s with { SaturatedFraction = v }),
    ];

    private static SummaryField Long(string name, Func<TrialSummary, long> get, Func<TrialSummary, long, TrialSummary> with) =>
        new(name, FieldKind.Long, false, s => get(s), (s, v) => with(s, (long)v!));

    private static SummaryField NullableLong(string name, Func<TrialSummary, long?> get, Func<TrialSummary, long?, TrialSummary> with) =>
        new(name, FieldKind.Long, true, s => get(s), (s, v) => with(s, (long?)v));

    private static SummaryField Double(string name, Func<TrialSummary, double> get, Func<TrialSummary, double, TrialSummary> with) =>
        new(name, FieldKind.Double, false, s => get(s), (s, v) => with(s, (double)v!));

    private static SummaryField NullableDouble(string name, Func<TrialSummary, double?> get, Func<TrialSummary, double?, TrialSummary> with) =>
        new(name, FieldKind.Double, true, s => get(s), (s, v) => with(s, (double?)v));
}

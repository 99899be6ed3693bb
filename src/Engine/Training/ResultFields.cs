namespace Sweep.Engine.Training;

/// <summary>
/// The field tables of the result records, in column (and wire) order. Each record is described once, here:
/// the message serializer, the Parquet tables (<c>trials</c>, <c>curves</c>, <c>layers</c>), the analysis and
/// the PowerShell views iterate these lists. Adding a metric: one line in the table, its computation, its test.
/// </summary>
public static class ResultFields
{
    /// <summary>Every <see cref="TrialSummary"/> property, as <c>trials</c> columns after the row's own.</summary>
    public static readonly IReadOnlyList<RecordField<TrialSummary>> Summary =
    [
        RecordField.Long<TrialSummary>("steps_run", "optimizer steps taken", s => s.StepsRun, (s, v) => s with { StepsRun = v }),
        RecordField.Long<TrialSummary>("examples_seen", "training examples seen (steps x batch size)", s => s.ExamplesSeen, (s, v) => s with { ExamplesSeen = v }),
        RecordField.NullableDouble<TrialSummary>("initial_train_loss", "loss of the first batch before any update", s => s.InitialTrainLoss, (s, v) => s with { InitialTrainLoss = v }),
        RecordField.Double<TrialSummary>("final_train_loss", "train loss at the last evaluation point", s => s.FinalTrainLoss, (s, v) => s with { FinalTrainLoss = v }),
        RecordField.Double<TrialSummary>("best_train_loss", "lowest train loss at an evaluation point", s => s.BestTrainLoss, (s, v) => s with { BestTrainLoss = v }),
        RecordField.NullableLong<TrialSummary>("best_train_step", "step of the lowest train loss", s => s.BestTrainStep, (s, v) => s with { BestTrainStep = v }),
        RecordField.Double<TrialSummary>("final_train_loss_median", "median train loss of the last fifth of the evaluation points (at least 3)", s => s.FinalTrainLossMedian, (s, v) => s with { FinalTrainLossMedian = v }),
        RecordField.NullableDouble<TrialSummary>("chance_loss", "loss of the best constant predictor on the training labels", s => s.ChanceLoss, (s, v) => s with { ChanceLoss = v }),
        RecordField.NullableDouble<TrialSummary>("final_val_loss", "validation loss at the last evaluation point", s => s.FinalValLoss, (s, v) => s with { FinalValLoss = v }),
        RecordField.NullableDouble<TrialSummary>("best_val_loss", "lowest validation loss", s => s.BestValLoss, (s, v) => s with { BestValLoss = v }),
        RecordField.NullableDouble<TrialSummary>("final_val_accuracy", "validation accuracy at the last evaluation point", s => s.FinalValAccuracy, (s, v) => s with { FinalValAccuracy = v }),
        RecordField.NullableDouble<TrialSummary>("best_val_accuracy", "highest validation accuracy", s => s.BestValAccuracy, (s, v) => s with { BestValAccuracy = v }),
        RecordField.NullableLong<TrialSummary>("converged_at_step", "step after which the smoothed train loss stopped changing", s => s.ConvergedAtStep, (s, v) => s with { ConvergedAtStep = v }),
        RecordField.NullableLong<TrialSummary>("diverged_at_step", "step whose loss or gradient became non-finite", s => s.DivergedAtStep, (s, v) => s with { DivergedAtStep = v }),
        RecordField.NullableLong<TrialSummary>("steps_to_target", "step from which the train loss stays at or below target_loss to the end", s => s.StepsToTarget, (s, v) => s with { StepsToTarget = v }),
        RecordField.NullableLong<TrialSummary>("first_step_to_target", "step of the first evaluation point at or below target_loss", s => s.FirstStepToTarget, (s, v) => s with { FirstStepToTarget = v }),
        RecordField.Double<TrialSummary>("auc_log_train_loss", "area under ln(train loss) over the fraction of the budget", s => s.AucLogTrainLoss, (s, v) => s with { AucLogTrainLoss = v }),
        RecordField.Double<TrialSummary>("grad_norm_median", "median global gradient norm", s => s.GradNormMedian, (s, v) => s with { GradNormMedian = v }),
        RecordField.Double<TrialSummary>("grad_spike_ratio", "max / median global gradient norm", s => s.GradSpikeRatio, (s, v) => s with { GradSpikeRatio = v }),
        RecordField.Double<TrialSummary>("grad_log_cv", "coefficient of variation of ln(global gradient norm) after warm-up", s => s.GradLogCv, (s, v) => s with { GradLogCv = v }),
        RecordField.Double<TrialSummary>("vanishing_ratio", "median first / last hidden layer gradient norm", s => s.VanishingRatio, (s, v) => s with { VanishingRatio = v }),
        RecordField.Double<TrialSummary>("clipped_fraction", "fraction of steps clipped", s => s.ClippedFraction, (s, v) => s with { ClippedFraction = v }),
        RecordField.Double<TrialSummary>("dead_fraction", "mean dead-unit fraction over hidden layers at the end", s => s.DeadFraction, (s, v) => s with { DeadFraction = v }),
        RecordField.Double<TrialSummary>("saturated_fraction", "mean saturated fraction over hidden layers at the end", s => s.SaturatedFraction, (s, v) => s with { SaturatedFraction = v }),
    ];

    /// <summary>Every <see cref="EvalPoint"/> field, as <c>curves</c> columns after sweep_id and trial_id.</summary>
    public static readonly IReadOnlyList<RecordField<EvalPoint>> Eval =
    [
        RecordField.Long<EvalPoint>("step", "optimizer steps taken (from 1)", p => p.Step, (p, v) => p with { Step = v }),
        RecordField.Int<EvalPoint>("epoch", "1-based epoch of that step", p => p.Epoch, (p, v) => p with { Epoch = v }),
        RecordField.Long<EvalPoint>("examples", "step x batch size", p => p.Examples, (p, v) => p with { Examples = v }),
        RecordField.Double<EvalPoint>("wall_s", "seconds since training started", p => p.WallSeconds, (p, v) => p with { WallSeconds = v }),
        RecordField.Double<EvalPoint>("lr", "learning rate of that step", p => p.LearningRate, (p, v) => p with { LearningRate = v }),
        RecordField.Double<EvalPoint>("train_loss", "mean train loss since the previous point", p => p.TrainLoss, (p, v) => p with { TrainLoss = v }),
        RecordField.Double<EvalPoint>("val_loss", "validation loss (NaN without a split)", p => p.ValLoss, (p, v) => p with { ValLoss = v }),
        RecordField.Double<EvalPoint>("val_accuracy", "validation accuracy (NaN for regression or without a split)", p => p.ValAccuracy, (p, v) => p with { ValAccuracy = v }),
        RecordField.Double<EvalPoint>("grad_norm", "global L2 gradient norm before clipping", p => p.GradNorm, (p, v) => p with { GradNorm = v }),
        RecordField.Bool<EvalPoint>("clipped", "whether that step was clipped", p => p.Clipped, (p, v) => p with { Clipped = v }),
        RecordField.Double<EvalPoint>("weight_norm", "global L2 norm of the parameters", p => p.WeightNorm, (p, v) => p with { WeightNorm = v }),
        RecordField.Double<EvalPoint>("update_ratio", "||update|| / ||weights|| of that step", p => p.UpdateRatio, (p, v) => p with { UpdateRatio = v }),
    ];

    /// <summary>Every <see cref="LayerPoint"/> field, as <c>layers</c> columns after sweep_id and trial_id.</summary>
    public static readonly IReadOnlyList<RecordField<LayerPoint>> Layer =
    [
        RecordField.Long<LayerPoint>("step", "step of the evaluation point", p => p.Step, (p, v) => p with { Step = v }),
        RecordField.Int<LayerPoint>("layer", "0 = stem .. depth = head", p => p.Layer, (p, v) => p with { Layer = v }),
        RecordField.Text<LayerPoint>("kind", "stem, hidden or head", p => p.Kind, (p, v) => p with { Kind = v }),
        RecordField.Double<LayerPoint>("grad_norm", "L2 norm of the layer's weight gradient before clipping", p => p.GradNorm, (p, v) => p with { GradNorm = v }),
        RecordField.Double<LayerPoint>("weight_norm", "L2 norm of the layer's weights", p => p.WeightNorm, (p, v) => p with { WeightNorm = v }),
        RecordField.Double<LayerPoint>("act_mean", "mean activation on the last batch", p => p.ActMean, (p, v) => p with { ActMean = v }),
        RecordField.Double<LayerPoint>("act_std", "activation standard deviation on the last batch", p => p.ActStd, (p, v) => p with { ActStd = v }),
        RecordField.Double<LayerPoint>("saturated_fraction", "fraction of saturated sigmoid/tanh units", p => p.SaturatedFraction, (p, v) => p with { SaturatedFraction = v }),
        RecordField.Double<LayerPoint>("dead_fraction", "fraction of ReLU units zero on the whole batch", p => p.DeadFraction, (p, v) => p with { DeadFraction = v }),
        RecordField.Double<LayerPoint>("duplicate_units", "fraction of units whose incoming weights equal another unit's", p => p.DuplicateUnits, (p, v) => p with { DuplicateUnits = v }),
    ];

    /// <summary>
    /// 16 hex digits of SHA-256 over the names, kinds and nullability of every field, in order: two builds whose
    /// tables differ cannot exchange results. Workers send it when they register; a mismatch is refused by name.
    /// </summary>
    public static string WireFormat { get; } = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(";", Describe(Summary), Describe(Eval), Describe(Layer)))).AsSpan(0, 8));

    private static string Describe<T>(IReadOnlyList<RecordField<T>> fields) =>
        string.Join(",", fields.Select(f => $"{f.Name}:{f.Kind}{(f.IsNullable ? "?" : "")}"));
}

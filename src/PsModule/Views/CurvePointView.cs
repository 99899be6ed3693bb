using Sweep.Engine.Training;

namespace Sweep.PsModule.Views;

/// <summary>One evaluation point of one trial (type name Sweep.CurvePoint); fields as in <see cref="EvalPoint"/>.</summary>
public sealed class CurvePointView
{
    public const string TypeName = "Sweep.CurvePoint";

    /// <summary>The run folder; binds by property name to -Path of the reading cmdlets.</summary>
    public required string Path { get; init; }
    public required string TrialId { get; init; }
    public required long Step { get; init; }
    public required int Epoch { get; init; }
    public required long Examples { get; init; }
    public required double WallSeconds { get; init; }
    public required double LearningRate { get; init; }
    public required double TrainLoss { get; init; }
    /// <summary>NaN when the trial has no validation split.</summary>
    public required double ValLoss { get; init; }
    /// <summary>NaN for regression or without a validation split.</summary>
    public required double ValAccuracy { get; init; }
    public required double GradNorm { get; init; }
    public required bool Clipped { get; init; }
    public required double WeightNorm { get; init; }
    public required double UpdateRatio { get; init; }

    internal static CurvePointView From(string path, string trialId, EvalPoint point) => new()
    {
        Path = path,
        TrialId = trialId,
        Step = point.Step,
        Epoch = point.Epoch,
        Examples = point.Examples,
        WallSeconds = point.WallSeconds,
        LearningRate = point.LearningRate,
        TrainLoss = point.TrainLoss,
        ValLoss = point.ValLoss,
        ValAccuracy = point.ValAccuracy,
        GradNorm = point.GradNorm,
        Clipped = point.Clipped,
        WeightNorm = point.WeightNorm,
        UpdateRatio = point.UpdateRatio,
    };
}

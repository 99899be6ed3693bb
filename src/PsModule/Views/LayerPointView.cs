using Sweep.Engine.Training;

namespace Sweep.PsModule.Views;

/// <summary>Statistics of one layer at one evaluation point (type name Sweep.LayerPoint); fields as in <see cref="LayerPoint"/>.</summary>
public sealed class LayerPointView
{
    public const string TypeName = "Sweep.LayerPoint";

    /// <summary>The run folder; binds by property name to -Path of the reading cmdlets.</summary>
    public required string Path { get; init; }
    public required string TrialId { get; init; }
    public required long Step { get; init; }
    /// <summary>0 is the stem, depth is the head.</summary>
    public required int Layer { get; init; }
    /// <summary>"stem", "hidden" or "head".</summary>
    public required string Kind { get; init; }
    public required double GradNorm { get; init; }
    public required double WeightNorm { get; init; }
    public required double ActMean { get; init; }
    public required double ActStd { get; init; }
    /// <summary>Fraction in [0, 1].</summary>
    public required double SaturatedFraction { get; init; }
    /// <summary>Fraction in [0, 1].</summary>
    public required double DeadFraction { get; init; }

    internal static LayerPointView From(string path, string trialId, LayerPoint point) => new()
    {
        Path = path,
        TrialId = trialId,
        Step = point.Step,
        Layer = point.Layer,
        Kind = point.Kind,
        GradNorm = point.GradNorm,
        WeightNorm = point.WeightNorm,
        ActMean = point.ActMean,
        ActStd = point.ActStd,
        SaturatedFraction = point.SaturatedFraction,
        DeadFraction = point.DeadFraction,
    };
}

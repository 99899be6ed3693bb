using Sweep.Analysis;

namespace Sweep.PsModule.Views;

/// <summary>One axis's main effect on one metric (type name Sweep.FactorEffect), from the analysis's <see cref="FactorEffect"/>.</summary>
public sealed class FactorEffectView
{
    public const string TypeName = "Sweep.FactorEffect";

    public required string Path { get; init; }
    public required string Metric { get; init; }
    /// <summary>1 = the factor that matters most for this metric.</summary>
    public required int Importance { get; init; }
    public required string Factor { get; init; }
    /// <summary>Eta squared in [0, 1].</summary>
    public required double VarianceShare { get; init; }
    public required string BestLevel { get; init; }
    public required IReadOnlyList<LevelEffect> Levels { get; init; }
    public required string? StrongestInteractionWith { get; init; }
    public required double InteractionShare { get; init; }

    /// <summary>"sgd 812; adam 300": each level's mean, for the table.</summary>
    public string LevelMeans => string.Join("; ", Levels.Select(l => $"{l.Label} {MetricStats.Format(l.Stats.Mean)}"));

    internal static FactorEffectView From(FactorEffect effect, string path) => new()
    {
        Path = path,
        Metric = effect.Metric,
        Importance = effect.Importance,
        Factor = effect.Factor,
        VarianceShare = effect.VarianceShare,
        BestLevel = effect.BestLevel,
        Levels = effect.Levels,
        StrongestInteractionWith = effect.StrongestInteractionWith,
        InteractionShare = effect.InteractionShare,
    };
}

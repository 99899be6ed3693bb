namespace Sweep.Analysis;

/// <summary>
/// One axis's main effect on one metric: the marginal mean at each level with a bootstrap
/// interval, the share of the metric's variance the axis explains (eta squared:
/// between-level sum of squares / total), and the axis it interacts with most.
/// </summary>
public sealed record FactorEffect
{
    public required string Factor { get; init; }
    /// <summary>The spec grid whose trials the effect is measured over; null for the whole sweep (a spec without grids).</summary>
    public string? Grid { get; init; }
    public required string Metric { get; init; }
    /// <summary>Levels in natural order (numbers ascending, false before true, text ordinal).</summary>
    public required IReadOnlyList<LevelEffect> Levels { get; init; }
    /// <summary>Eta squared in [0, 1]: how much of the metric's variance this factor alone explains.</summary>
    public required double VarianceShare { get; init; }
    /// <summary>1 = the factor that matters most for this metric.</summary>
    public required int Importance { get; init; }
    /// <summary>Level with the best mean (lowest, or highest where higher is better).</summary>
    public required string BestLevel { get; init; }
    /// <summary>Other factor whose two-way interaction with this one explains the most variance; null with a single axis.</summary>
    public string? StrongestInteractionWith { get; init; }
    /// <summary>Share of variance of that interaction beyond both main effects.</summary>
    public double InteractionShare { get; init; }
    /// <summary>Pruned trials left out of the effect (see <see cref="FactorAnalysis"/>); 0 without a stopping rule.</summary>
    public int PrunedLeftOut { get; init; }
}

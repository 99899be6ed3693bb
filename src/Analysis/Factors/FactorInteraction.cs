namespace Sweep.Analysis;

/// <summary>
/// Two axes' interaction on a metric: the variance share of their cell means beyond both main
/// effects (clamped at 0 for unbalanced grids), and the cell means for a heatmap.
/// </summary>
public sealed record FactorInteraction
{
    public required string FactorA { get; init; }
    /// <summary>The spec grid whose trials the interaction is measured over; null for the whole sweep.</summary>
    public string? Grid { get; init; }
    public required string FactorB { get; init; }
    public required string Metric { get; init; }
    public required double VarianceShare { get; init; }
    public required IReadOnlyList<string> LevelsA { get; init; }
    public required IReadOnlyList<string> LevelsB { get; init; }
    /// <summary>[LevelsA.Count, LevelsB.Count] mean of the metric per cell; NaN where no trial has both levels.</summary>
    public required double[,] CellMeans { get; init; }
}

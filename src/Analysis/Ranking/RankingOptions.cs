namespace Sweep.Analysis;

/// <summary>What <see cref="SweepAnalysis.Rank"/> returns.</summary>
public sealed record RankingOptions
{
    /// <summary>Metric name or alias from <see cref="MetricCatalog"/>; null = the analysis default (convergence speed).</summary>
    public string? By { get; init; }

    /// <summary>Only the first this many configurations; null = all.</summary>
    public int? Top { get; init; }

    /// <summary>Only configurations on the Pareto front of (speed, stability).</summary>
    public bool ParetoOnly { get; init; }
}

namespace Sweep.Analysis;

/// <summary>How a sweep is analysed. Every field has a default that suits a first look.</summary>
public sealed record AnalysisOptions
{
    /// <summary>
    /// Train loss that counts as "reached". Null: the spec's ranking target, then the trials' own
    /// <c>target_loss</c>, then the rule of <see cref="TargetLossRule"/>.
    /// </summary>
    public double? TargetLoss { get; init; }

    /// <summary>Metric the ranking sorts by when <see cref="RankingOptions.By"/> is not given; null = convergence speed.</summary>
    public string? DefaultRankBy { get; init; }

    /// <summary>Seeds the bootstrap resampling, so the same data always gives the same intervals.</summary>
    public long BootstrapSeed { get; init; } = 20_240_601;

    /// <summary>Read per-layer statistics when loading a run folder (needed for the symmetric-units flag and layer charts).</summary>
    public bool LoadLayers { get; init; } = true;
}

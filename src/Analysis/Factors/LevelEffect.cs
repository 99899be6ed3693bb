namespace Sweep.Analysis;

/// <summary>The marginal mean of a metric over every trial at one level of a factor (all other axes pooled), with its interval.</summary>
public sealed record LevelEffect(object? Value, string Label, MetricStats Stats);

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// One finished trial as the analysis sees it: the canonical config (seed included), how it ended,
/// the engine's summary and, where loaded, its evaluation curve and per-layer statistics.
/// <see cref="Curve"/> is ordered by step; <see cref="Layers"/> by step, then layer. A pruned trial's curve ends at
/// the step it was stopped at (its summary's <c>steps_run</c>), and <see cref="StopRule"/> and <see cref="StopReason"/>
/// say what stopped it.
/// </summary>
public sealed record TrialData(
    TrialId TrialId,
    TrialConfig Config,
    TrialStatus Status,
    TrialSummary Summary,
    double DurationSeconds,
    IReadOnlyList<EvalPoint> Curve,
    IReadOnlyList<LayerPoint> Layers)
{
    /// <summary>The stopping rule that pruned the trial (race, asha, median); null unless pruned.</summary>
    public string? StopRule { get; init; }

    /// <summary>What stopped it, in words with the rung or cap; null unless pruned.</summary>
    public string? StopReason { get; init; }
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// One finished trial as the analysis sees it: the canonical config (seed included), how it ended,
/// the engine's summary and, where loaded, its evaluation curve and per-layer statistics.
/// <see cref="Curve"/> is ordered by step; <see cref="Layers"/> by step, then layer.
/// </summary>
public sealed record TrialData(
    TrialId TrialId,
    TrialConfig Config,
    TrialStatus Status,
    TrialSummary Summary,
    double DurationSeconds,
    IReadOnlyList<EvalPoint> Curve,
    IReadOnlyList<LayerPoint> Layers);

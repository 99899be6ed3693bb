using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results;

/// <summary>
/// One finished trial (completed, diverged or failed) as it is committed to a run folder:
/// a row of <c>trials</c> plus its rows of <c>curves</c> and <c>layers</c>.
/// Times are UTC; <see cref="Config"/> is canonical (<see cref="TrialConfig.Canonical"/>).
/// </summary>
public sealed record TrialRecord(
    string SweepId,
    string TrialId,
    TrialConfig Config,
    TrialStatus Status,
    string? Error,
    int Attempts,
    string WorkerHost,
    DateTime StartedAt,
    DateTime FinishedAt,
    double DurationSeconds,
    TrialSummary Summary,
    IReadOnlyList<EvalPoint> Curve,
    IReadOnlyList<LayerPoint> Layers)
{
    /// <summary>The trials row of this record (everything but the curve and the layer statistics).</summary>
    public TrialRow ToRow() => new(
        SweepId, TrialId, Config, Status, Error, Attempts, WorkerHost, StartedAt, FinishedAt, DurationSeconds, Summary);
}

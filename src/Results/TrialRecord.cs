using Sweep.Engine.Training;

namespace Sweep.Results;

/// <summary>
/// One finished trial (completed, diverged, pruned or failed) as it is committed to a run folder: its <c>trials</c> row
/// plus its rows of <c>curves</c> and <c>layers</c>. <see cref="TrialRow.Config"/> is canonical.
/// </summary>
public sealed record TrialRecord : TrialRow
{
    public TrialRecord(TrialRow row, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint> layers)
        : base(row)
    {
        Curve = curve;
        Layers = layers;
    }

    public IReadOnlyList<EvalPoint> Curve { get; init; }

    public IReadOnlyList<LayerPoint> Layers { get; init; }

    /// <summary>The trials row of this record alone, without the curve and the layer statistics.</summary>
    public TrialRow ToRow() => Empty with
    {
        SweepId = SweepId, TrialId = TrialId, Config = Config, Status = Status, Error = Error, Attempts = Attempts,
        Worker = Worker, WorkerHost = WorkerHost, StartedAt = StartedAt, FinishedAt = FinishedAt, DurationSeconds = DurationSeconds, Summary = Summary,
        StopRule = StopRule, StopReason = StopReason, StepsRerun = StepsRerun,
    };
}

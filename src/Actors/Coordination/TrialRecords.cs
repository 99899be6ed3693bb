using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Training;
using Sweep.Results;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Coordination;

/// <summary>The records the coordinator publishes: a result a worker sent, or a trial it gave up.</summary>
internal static class TrialRecords
{
    /// <summary>
    /// An accepted result; <paramref name="accepted"/> is <see cref="SchedulingState.Complete"/>'s outcome. A pruned one
    /// carries the rule and reason of <paramref name="stop"/>, the decision that stopped it (null: none, or the trial
    /// finished before its stop arrived and is kept as it finished).
    /// </summary>
    public static TrialRecord Finished(
        string sweepId, TrialFinished finished, CompletionOutcome accepted, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint> layers,
        StopDecision? stop = null)
    {
        bool pruned = finished.Status == TrialStatus.Pruned;
        return new(
            new TrialRow(
                sweepId, finished.TrialId, accepted.Config!, finished.Status, null, accepted.Attempts,
                finished.WorkerHost, finished.StartedAt, finished.FinishedAt, finished.DurationSeconds, finished.Summary)
            {
                Worker = finished.Worker,
                StopRule = pruned ? stop?.Rule ?? "unknown" : null,
                StopReason = pruned ? stop?.Reason ?? "stopped early by a rule no longer known to the coordinator" : null,
            },
            curve,
            layers);
    }

    /// <summary>A trial given up on <paramref name="worker"/> (its last attempt's): failed with its last error, no curve, started and finished at <paramref name="nowUtc"/>.</summary>
    public static TrialRecord GaveUp(string sweepId, TrialGaveUp gaveUp, WorkerIdentity worker, DateTime nowUtc) =>
        new(
            new TrialRow(
                sweepId, gaveUp.TrialId, gaveUp.Config, TrialStatus.Failed, gaveUp.Error, gaveUp.Attempts,
                worker.Host, nowUtc, nowUtc, 0, new TrialSummary())
            {
                Worker = worker.Name,
            },
            [],
            []);
}

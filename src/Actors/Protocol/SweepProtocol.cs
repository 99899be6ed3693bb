using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Protocol;

/// <summary>
/// The work-pulling protocol between the coordinator (one per sweep) and worker nodes. Every
/// message here crosses the network and has a manifest in <see cref="SweepMessageSerializer"/>.
/// Delivery is at-most-once: completion is re-sent until acknowledged, the coordinator
/// de-duplicates by trial id, and deadlines and node loss put unfinished trials back in the queue.
/// </summary>
public static class SweepProtocol
{
    /// <summary>
    /// Worker node -> coordinator, until accepted or refused: the worker's <see cref="WorkerIdentity"/> (<see cref="Name"/>
    /// chosen at its start, <see cref="Host"/> without port). Host travels last, so a coordinator of another layout still
    /// reads the engine version and refuses by name; from such a worker it reads as "".
    /// </summary>
    public sealed record RegisterWorker(string Name, int Slots, string EngineVersion, string Host = "");

    /// <summary>Coordinator -> worker node: registered; its idle slots may request work now.</summary>
    public sealed record WorkerAccepted(string SweepId);

    /// <summary>Coordinator -> worker node: not allowed in this sweep (e.g. another engine version); the node stops.</summary>
    public sealed record WorkerRefused(string Reason);

    /// <summary>Coordinator -> worker node, when it is not (or no longer) registered: register again.</summary>
    public sealed class RegisterAgain
    {
        public static readonly RegisterAgain Instance = new();

        private RegisterAgain()
        {
        }
    }

    /// <summary>Coordinator -> worker nodes: trials are waiting; idle slots should ask.</summary>
    public sealed class WorkAvailable
    {
        public static readonly WorkAvailable Instance = new();

        private WorkAvailable()
        {
        }
    }

    /// <summary>Worker node -> coordinator: slot <see cref="Slot"/> (0-based) is idle and wants one trial.</summary>
    public sealed record RequestWork(int Slot);

    /// <summary>
    /// Coordinator -> worker node: run <see cref="Config"/> on <see cref="Slot"/>. <see cref="Attempt"/> counts from 1;
    /// past <see cref="DeadlineUtc"/> (DateTime.MaxValue = none) the coordinator gives the trial to another slot.
    /// </summary>
    /// <remarks>
    /// With adaptive stopping (spec <c>stopping</c>), <see cref="StreamEvaluations"/> asks the worker to send every
    /// evaluation point (<see cref="TrialEvaluated"/>), and <see cref="StopAtStep"/> (long.MaxValue: none) carries a
    /// stop already decided for this trial, so an attempt re-run after its worker was lost stops where it was decided.
    /// <see cref="HoldAt"/> (asynchronous ASHA) names the points where the trial waits for the verdict on its point: a
    /// <see cref="StopTrial"/> or a <see cref="ContinueTrial"/>.
    /// </remarks>
    public sealed record AssignTrial(
        int Slot, TrialId TrialId, int Attempt, DateTime DeadlineUtc, TrialConfig Config, bool StreamEvaluations = false, long StopAtStep = long.MaxValue,
        RungSchedule? HoldAt = null);

    /// <summary>Worker node -> coordinator: where a running trial is (throttled, about twice a second per slot).</summary>
    public sealed record TrialProgressReport(TrialId TrialId, int Attempt, long Step, long TotalSteps, double TrainLoss);

    /// <summary>
    /// Worker node -> coordinator: a running trial recorded <see cref="Point"/> of its <see cref="TotalSteps"/>-step budget
    /// (sent for every point when the assignment asked for it). The coordinator's stopping rule reads it.
    /// </summary>
    /// <remarks><see cref="AwaitsVerdict"/>: the trial is held at this point until a <see cref="StopTrial"/> or <see cref="ContinueTrial"/>.</remarks>
    public sealed record TrialEvaluated(TrialId TrialId, int Attempt, long TotalSteps, EvalPoint Point, bool AwaitsVerdict = false);

    /// <summary>
    /// Coordinator -> worker node: end this trial at its first evaluation point at or after <see cref="AtStep"/> (its next
    /// one when it is past it) with status pruned, and send its result as for any finished trial.
    /// </summary>
    public sealed record StopTrial(TrialId TrialId, long AtStep);

    /// <summary>Coordinator -> worker node: the trial held at its point at <see cref="AtStep"/> trains on (no stop was decided there).</summary>
    public sealed record ContinueTrial(TrialId TrialId, long AtStep);

    /// <summary>
    /// Worker node -> coordinator: a slice of a finished trial's curve and layer statistics, sent before
    /// its <see cref="TrialFinished"/> when the whole result would not fit one 128,000-byte frame.
    /// <see cref="Index"/> counts from 0 in sending order.
    /// </summary>
    public sealed record TrialResultPart(TrialId TrialId, int Attempt, int Index, IReadOnlyList<EvalPoint> Curve, IReadOnlyList<LayerPoint> Layers);

    /// <summary>
    /// Worker node -> coordinator: a trial ended (completed, diverged or pruned), re-sent with its parts until
    /// <see cref="TrialFinishedAck"/>. <see cref="Slot"/> of the worker named <see cref="Worker"/> on <see cref="WorkerHost"/> ran it;
    /// <see cref="PartsBefore"/> parts precede it; its own Curve and Layers are the last slice.
    /// </summary>
    public sealed record TrialFinished(
        int Slot,
        TrialId TrialId,
        int Attempt,
        TrialStatus Status,
        string Worker,
        string WorkerHost,
        DateTime StartedAt,
        DateTime FinishedAt,
        double DurationSeconds,
        TrialSummary Summary,
        int PartsBefore,
        IReadOnlyList<EvalPoint> Curve,
        IReadOnlyList<LayerPoint> Layers);

    /// <summary>Coordinator -> worker node: the trial's result is durable in the run folder; stop re-sending it.</summary>
    public sealed record TrialFinishedAck(TrialId TrialId);

    /// <summary>Worker node -> coordinator: the trial threw; <see cref="Error"/> is the exception's text.</summary>
    public sealed record TrialFailed(int Slot, TrialId TrialId, int Attempt, string Error);

    /// <summary>Worker node -> coordinator: this node cannot load the trial's dataset; not an attempt, the trial goes elsewhere.</summary>
    public sealed record TrialDeclined(int Slot, TrialId TrialId, int Attempt, string Reason);

    /// <summary>Coordinator -> worker node: stop running this trial (timed out, finished elsewhere, or sweep cancelled).</summary>
    public sealed record CancelTrial(TrialId TrialId);
}

using Akka.Actor;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Workers;

/// <summary>How a slot's trial ended, as seen on the slot thread.</summary>
internal abstract record SlotOutcome
{
    public sealed record Finished(TrialResult Result, DateTime StartedAt, DateTime FinishedAt) : SlotOutcome;

    public sealed record Failed(string Error) : SlotOutcome;

    public sealed record Declined(string Reason) : SlotOutcome;

    public sealed record Cancelled : SlotOutcome;
}

/// <summary>Slot thread -> its worker actor (local only).</summary>
internal sealed record SlotEnded(int Slot, TrialId TrialId, int Attempt, SlotOutcome Outcome) : INoSerializationVerificationNeeded;

/// <summary>Slot thread -> its worker actor (local only); forwarded to the coordinator at most twice a second.</summary>
internal sealed record SlotProgressed(int Slot, TrialId TrialId, int Attempt, TrialProgress Progress) : INoSerializationVerificationNeeded;

/// <summary>
/// Slot thread -> its worker actor (local only): an evaluation point, forwarded to the coordinator when the assignment
/// asked for them; <see cref="AwaitsVerdict"/>: the slot thread waits at this point for the coordinator's verdict.
/// </summary>
internal sealed record SlotEvaluated(int Slot, TrialId TrialId, int Attempt, long TotalSteps, EvalPoint Point, bool AwaitsVerdict = false)
    : INoSerializationVerificationNeeded;

/// <summary>Worker actor's periodic timer: re-send unacknowledged results, retry registration, watch the coordinator.</summary>
internal sealed class WorkerTick : INoSerializationVerificationNeeded
{
    public static readonly WorkerTick Instance = new();

    private WorkerTick()
    {
    }
}

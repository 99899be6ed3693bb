using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>What <see cref="SchedulingState.Complete"/> decided.</summary>
internal enum CompletionKind
{
    /// <summary>First result for this trial: publish it.</summary>
    Accepted,
    /// <summary>The trial already has a result (a re-send, or a re-queued copy that also finished): only acknowledge.</summary>
    Duplicate,
    /// <summary>Not a trial of this coordinator (e.g. assigned by a coordinator that was restarted): acknowledge and drop.</summary>
    Unknown,
}

/// <summary>
/// Result of a completion. When Accepted, <see cref="Config"/> and <see cref="Attempts"/> describe the trial, and
/// <see cref="AlsoRunningOn"/> names another slot still running a re-queued copy (tell it to cancel).
/// </summary>
internal sealed record CompletionOutcome(CompletionKind Kind, TrialConfig? Config = null, int Attempts = 0, SlotKey? AlsoRunningOn = null);

/// <summary>
/// What happened to a trial taken away from a slot: re-queued for another attempt, or given up. A trial every
/// connected node declined is re-queued to wait for a node that can take it until <see cref="WaitsUntilUtc"/>.
/// </summary>
internal sealed record Requeue(TrialId TrialId, SlotKey From, TrialGaveUp? GaveUp, DateTime? WaitsUntilUtc = null)
{
    public bool Requeued => GaveUp is null;
}

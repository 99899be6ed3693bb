namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Stop a trial at its first evaluation point at or after <see cref="AtStep"/> (a running worker is usually past it:
/// it stops at its next point; a re-run attempt stops exactly there). <see cref="Rule"/> and <see cref="Reason"/>
/// go to <c>trials.stop_rule</c> and <c>trials.stop_reason</c>.
/// </summary>
public sealed record StopDecision(long AtStep, string Rule, string Reason);

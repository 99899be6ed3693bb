using Sweep.Specs;

namespace Sweep.Actors.Coordination;

/// <summary>
/// Trials handed to the results writer and not yet durable, each with the senders to acknowledge once it is:
/// the worker that sent the result, and every worker that re-sent it meanwhile. A trial given up by the
/// coordinator has no one to acknowledge. A sweep ends only when nothing is pending.
/// </summary>
internal sealed class PendingAcks<TAcker>
    where TAcker : class
{
    private readonly Dictionary<TrialId, List<TAcker>> _waiting = [];

    public int Count => _waiting.Count;

    /// <summary>Marks the trial as written but not yet durable; <paramref name="acker"/> (if any) waits for it.</summary>
    public void Publish(TrialId trialId, TAcker? acker) => _waiting[trialId] = acker is null ? [] : [acker];

    /// <summary>True when the trial is pending: <paramref name="acker"/> joins its waiters (the result must not be published twice).</summary>
    public bool TryWait(TrialId trialId, TAcker acker)
    {
        if (!_waiting.TryGetValue(trialId, out var waiting))
        {
            return false;
        }

        waiting.Add(acker);
        return true;
    }

    /// <summary>The trial is durable: its waiters, in arrival order, or null when it was not pending (count it once only).</summary>
    public IReadOnlyList<TAcker>? Commit(TrialId trialId) => _waiting.Remove(trialId, out var waiting) ? waiting : null;
}

using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Workers;

/// <summary>
/// Which trial each of a worker's slots runs (trial, attempt, cancellation) and when its progress was last
/// forwarded. A slot is busy from <see cref="TryStart"/> until <see cref="End"/> with the same trial and attempt;
/// an end of anything else (a cancelled earlier run, a stale message) changes nothing. Time is passed in.
/// Each busy slot may hold its run's <see cref="TrialControl"/>, through which a stop request reaches the trial.
/// </summary>
internal sealed class WorkerSlots(int count, TimeSpan progressInterval)
{
    private readonly Slot[] _slots = Enumerable.Range(0, count).Select(_ => new Slot()).ToArray();

    public int Count => _slots.Length;

    /// <summary>Indexes of the slots with no trial, in order.</summary>
    public IEnumerable<int> Idle => Enumerable.Range(0, _slots.Length).Where(i => _slots[i].TrialId is null);

    public TrialId? TrialOn(int slot) => Has(slot) ? _slots[slot].TrialId : null;

    /// <summary>Gives an idle slot the trial; its cancellation token, or null when the slot does not exist or is busy.</summary>
    public CancellationToken? TryStart(int slot, TrialId trialId, int attempt)
    {
        if (!Has(slot) || _slots[slot].TrialId is not null)
        {
            return null;
        }

        _slots[slot] = new Slot { TrialId = trialId, Attempt = attempt, Cancellation = new CancellationTokenSource() };
        return _slots[slot].Cancellation!.Token;
    }

    /// <summary>Frees the slot when it runs this trial and attempt; false (nothing changes) otherwise.</summary>
    public bool End(int slot, TrialId trialId, int attempt)
    {
        if (!Has(slot) || _slots[slot].TrialId != trialId || _slots[slot].Attempt != attempt)
        {
            return false;
        }

        _slots[slot].Cancellation?.Dispose();
        _slots[slot] = new Slot();
        return true;
    }

    /// <summary>The run's control of a slot started with <see cref="TryStart"/>, for stop requests.</summary>
    public void Attach(int slot, TrialControl control)
    {
        if (Has(slot) && _slots[slot].TrialId is not null)
        {
            _slots[slot].Control = control;
        }
    }

    /// <summary>Asks every slot running the trial to end it at its first evaluation point at or after <paramref name="step"/>.</summary>
    public void StopAt(TrialId trialId, long step)
    {
        foreach (var slot in _slots.Where(s => s.TrialId == trialId))
        {
            slot.Control?.StopAt(step);
        }
    }

    /// <summary>Lets every slot running the trial and held at its point at <paramref name="step"/> train on.</summary>
    public void Release(TrialId trialId, long step)
    {
        foreach (var slot in _slots.Where(s => s.TrialId == trialId))
        {
            slot.Control?.Release(step);
        }
    }

    /// <summary>Asks every slot running the trial to stop; the slot stays busy until its run ends.</summary>
    public void Cancel(TrialId trialId)
    {
        foreach (var slot in _slots.Where(s => s.TrialId == trialId))
        {
            slot.Cancellation?.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var slot in _slots)
        {
            slot.Cancellation?.Cancel();
        }
    }

    /// <summary>
    /// True when a progress report of the slot's current trial should be forwarded now (none forwarded within
    /// the interval); records it as forwarded.
    /// </summary>
    public bool ShouldForwardProgress(int slot, TrialId trialId, DateTime nowUtc)
    {
        if (!Has(slot) || _slots[slot].TrialId != trialId || nowUtc - _slots[slot].LastProgressSent < progressInterval)
        {
            return false;
        }

        _slots[slot].LastProgressSent = nowUtc;
        return true;
    }

    private bool Has(int slot) => slot >= 0 && slot < _slots.Length;

    private sealed class Slot
    {
        public TrialId? TrialId { get; init; }
        public int Attempt { get; init; }
        public CancellationTokenSource? Cancellation { get; init; }
        public TrialControl? Control { get; set; }
        public DateTime LastProgressSent { get; set; } = DateTime.MinValue;
    }
}

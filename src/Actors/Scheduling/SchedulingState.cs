using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>
/// Which trial runs where: the coordinator's decisions as a plain class (the actor only feeds it
/// messages and the clock). Trials are pulled lazily from <c>source</c> (the spec's expansion minus
/// published trials), so memory holds the in-flight and re-queued trials plus one id per finished
/// trial, never the whole sweep.
/// Rules: every assignment is an attempt; a failure, a missed deadline or a lost node ends the
/// attempt and re-queues the trial (preferring a node that has not failed it) until
/// <c>maxAttempts</c> are spent, then the trial is given up as failed. A decline (dataset not
/// available on that node) is not an attempt: the trial goes to another node; when every registered node
/// has declined it, it waits <c>declineGrace</c> for a node that can take it (one joining later) and is given up
/// after that (<see cref="ExpireDeclined"/>). A trial finishes once; later results are duplicates.
/// Not thread-safe: one actor owns it.
/// </summary>
internal sealed class SchedulingState
{
    private readonly IEnumerator<PendingTrial> _source;
    private readonly int _maxAttempts;
    private readonly TimeSpan? _trialTimeout;
    private readonly TimeSpan _declineGrace;
    private readonly Dictionary<string, int> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<Ticket> _queue = new();
    private readonly Dictionary<TrialId, Ticket> _inFlight = [];
    private readonly Dictionary<SlotKey, Ticket> _bySlot = new();
    private readonly HashSet<TrialId> _finished = [];
    private Ticket? _lookahead;
    private bool _sourceDone;

    public SchedulingState(IEnumerable<PendingTrial> source, int maxAttempts, TimeSpan? trialTimeout, TimeSpan declineGrace = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(declineGrace, TimeSpan.Zero);
        _source = source.GetEnumerator();
        _maxAttempts = maxAttempts;
        _trialTimeout = trialTimeout;
        _declineGrace = declineGrace;
    }

    /// <summary>Trials re-queued and waiting (fresh trials still in the source are not counted).</summary>
    public int Requeued => _queue.Count;

    public int Running => _inFlight.Count;

    /// <summary>Trials finished in this run (accepted results and give-ups).</summary>
    public int Finished => _finished.Count;

    /// <summary>True when no trial is waiting, running, or left in the source.</summary>
    public bool IsDone => _queue.Count == 0 && _inFlight.Count == 0 && !HasFresh();

    /// <summary>True when some trial is waiting for a slot.</summary>
    public bool HasWork => _queue.Count > 0 || HasFresh();

    public void AddNode(string node, int slots) => _nodes[node] = slots;

    /// <summary>The trial running on a slot, if any.</summary>
    public TrialId? TrialOn(SlotKey slot) => _bySlot.TryGetValue(slot, out var ticket) ? ticket.TrialId : null;

    /// <summary>The config of a trial running now, or null (not running: finished, queued or unknown).</summary>
    public TrialConfig? RunningConfig(TrialId trialId) => _inFlight.TryGetValue(trialId, out var ticket) ? ticket.Config : null;

    /// <summary>Slots of <paramref name="node"/> running something, with their trial ids.</summary>
    public IEnumerable<(SlotKey Slot, TrialId TrialId)> RunningOn(string node) =>
        _bySlot.Where(kv => kv.Key.Node == node).Select(kv => (kv.Key, kv.Value.TrialId));

    /// <summary>
    /// Gives <paramref name="slot"/> its next trial, or null when the slot is busy, unknown, or nothing
    /// suits it (all waiting trials were declined by, or failed on, its node while other nodes could take them).
    /// </summary>
    public Assignment? Assign(SlotKey slot, DateTime nowUtc)
    {
        if (!_nodes.ContainsKey(slot.Node) || _bySlot.ContainsKey(slot))
        {
            return null;
        }

        var ticket = TakeQueued(slot.Node) ?? TakeFresh();
        if (ticket is null)
        {
            return null;
        }

        ticket.Attempts++;
        ticket.Slot = slot;
        ticket.DeadlineUtc = _trialTimeout is { } timeout ? nowUtc + timeout : DateTime.MaxValue;
        _inFlight[ticket.TrialId] = ticket;
        _bySlot[slot] = ticket;
        return new Assignment(slot, ticket.TrialId, ticket.Attempts, ticket.DeadlineUtc, ticket.Config);
    }

    /// <summary>
    /// A result for <paramref name="trialId"/> arrived from <paramref name="from"/>. Any slot's result counts (a
    /// re-queued trial's first run may still finish); when another slot is running a copy, the outcome names it.
    /// </summary>
    public CompletionOutcome Complete(TrialId trialId, SlotKey from)
    {
        if (_finished.Contains(trialId))
        {
            return new CompletionOutcome(CompletionKind.Duplicate);
        }

        if (_inFlight.Remove(trialId, out var running))
        {
            _bySlot.Remove(running.Slot);
            _finished.Add(trialId);
            SlotKey? copy = running.Slot == from ? null : running.Slot;
            return new CompletionOutcome(CompletionKind.Accepted, running.Config, running.Attempts, copy);
        }

        var queued = FindQueued(trialId);
        if (queued is null)
        {
            return new CompletionOutcome(CompletionKind.Unknown);
        }

        _queue.Remove(queued);
        _finished.Add(trialId);
        return new CompletionOutcome(CompletionKind.Accepted, queued.Value.Config, queued.Value.Attempts);
    }

    /// <summary>
    /// A finished trial runs again from step 0 as a fresh trial (attempts count from 1 again), queued after the re-queued
    /// trials waiting (and, as they are, before fresh ones): synchronous halving re-runs a promoted trial to its next rung. Its earlier result is no longer the
    /// trial's: a copy of it arriving later is accepted as this run's unless the caller drops it first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The trial has not finished (it is waiting or running).</exception>
    public void RunAgain(PendingTrial trial)
    {
        if (!_finished.Remove(trial.TrialId))
        {
            throw new InvalidOperationException($"trial {trial.TrialId} runs again only once it has finished");
        }

        _queue.AddLast(new Ticket(trial.TrialId, trial.Config));
    }

    /// <summary>The trial threw on <paramref name="slot"/>. Null when that slot was not running it (stale message).</summary>
    public Requeue? Fail(SlotKey slot, TrialId trialId, string error) =>
        TakeFrom(slot, trialId) is { } ticket ? EndAttempt(ticket, error) : null;

    /// <summary>
    /// <paramref name="slot"/>'s node cannot load the trial's dataset. Not an attempt: the trial goes back to the
    /// queue for other nodes. When every registered node has declined it, it waits for a new node until
    /// <paramref name="nowUtc"/> + the decline grace (<see cref="Requeue.WaitsUntilUtc"/> says so), or is given
    /// up at once when the grace is zero. Null when stale.
    /// </summary>
    public Requeue? Decline(SlotKey slot, TrialId trialId, string reason, DateTime nowUtc)
    {
        if (TakeFrom(slot, trialId) is not { } ticket)
        {
            return null;
        }

        ticket.Attempts--;
        ticket.DeclinedBy[slot.Node] = reason;
        if (DeclinedByAll(ticket))
        {
            ticket.WaitingSinceUtc ??= nowUtc;
            if (_declineGrace == TimeSpan.Zero)
            {
                return GiveUpDeclined(ticket, slot);
            }

            _queue.AddLast(ticket);
            return new Requeue(trialId, slot, null, ticket.WaitingSinceUtc + _declineGrace);
        }

        _queue.AddFirst(ticket);
        return new Requeue(trialId, slot, null);
    }

    /// <summary>Trials every node declined whose grace ended before <paramref name="nowUtc"/> with no new node to take them: given up.</summary>
    public IReadOnlyList<Requeue> ExpireDeclined(DateTime nowUtc)
    {
        var expired = _queue
            .Where(t => t.WaitingSinceUtc is { } since && since + _declineGrace < nowUtc && DeclinedByAll(t))
            .ToList();
        var outcomes = new List<Requeue>(expired.Count);
        foreach (var ticket in expired)
        {
            _queue.Remove(ticket);
            outcomes.Add(GiveUpDeclined(ticket, ticket.Slot));
        }

        return outcomes;
    }

    /// <summary>Trials waiting because every connected node declined them.</summary>
    public int WaitingForCapableNode => _queue.Count(DeclinedByAll);

    /// <summary>The trials waiting because every connected node declined them, with why (the distinct reasons the nodes gave) and when they are given up.</summary>
    public IReadOnlyList<WaitingTrial> Waiting() =>
        _queue.Where(t => t.WaitingSinceUtc is not null && DeclinedByAll(t))
            .Select(t => new WaitingTrial(t.TrialId, string.Join("; ", t.DeclinedBy.Values.Distinct(StringComparer.Ordinal)), t.WaitingSinceUtc!.Value + _declineGrace))
            .ToList();

    private bool DeclinedByAll(Ticket ticket) => _nodes.Keys.All(ticket.DeclinedBy.ContainsKey);

    private Requeue GiveUpDeclined(Ticket ticket, SlotKey from)
    {
        string reasons = string.Join("; ", ticket.DeclinedBy.Select(kv => $"{kv.Key}: {kv.Value}"));
        string waited = _declineGrace == TimeSpan.Zero ? "" : $" within {_declineGrace.TotalSeconds:0.#} s";
        return GiveUp(ticket, from, $"no connected worker can load the dataset{waited} ({reasons})");
    }

    /// <summary>A node left or became unreachable: every trial it was running ends its attempt.</summary>
    public IReadOnlyList<Requeue> RemoveNode(string node)
    {
        _nodes.Remove(node);
        var lost = _bySlot.Where(kv => kv.Key.Node == node).Select(kv => kv.Value).ToList();
        var outcomes = new List<Requeue>(lost.Count);
        foreach (var ticket in lost)
        {
            var slot = ticket.Slot;
            TakeFrom(slot, ticket.TrialId);
            outcomes.Add(EndAttempt(ticket, $"worker {node} was lost while running it"));
        }

        return outcomes;
    }

    /// <summary>Every running trial whose deadline is before <paramref name="nowUtc"/> ends its attempt (tell its slot to cancel).</summary>
    public IReadOnlyList<Requeue> ExpireDeadlines(DateTime nowUtc)
    {
        var expired = _inFlight.Values.Where(t => t.DeadlineUtc < nowUtc).ToList();
        var outcomes = new List<Requeue>(expired.Count);
        foreach (var ticket in expired)
        {
            var slot = ticket.Slot;
            TakeFrom(slot, ticket.TrialId);
            outcomes.Add(EndAttempt(ticket, $"timed out: no result by its deadline {ticket.DeadlineUtc:O}"));
        }

        return outcomes;
    }

    private Requeue EndAttempt(Ticket ticket, string error)
    {
        ticket.FailedOn.Add(ticket.Slot.Node);
        if (ticket.Attempts >= _maxAttempts)
        {
            return GiveUp(ticket, ticket.Slot, $"{error} (attempt {ticket.Attempts} of {_maxAttempts})");
        }

        _queue.AddFirst(ticket);
        return new Requeue(ticket.TrialId, ticket.Slot, null);
    }

    private Requeue GiveUp(Ticket ticket, SlotKey from, string error)
    {
        _finished.Add(ticket.TrialId);
        return new Requeue(ticket.TrialId, from, new TrialGaveUp(ticket.TrialId, ticket.Config, ticket.Attempts, error));
    }

    private Ticket? TakeFrom(SlotKey slot, TrialId trialId)
    {
        if (!_bySlot.TryGetValue(slot, out var ticket) || ticket.TrialId != trialId)
        {
            return null;
        }

        _bySlot.Remove(slot);
        _inFlight.Remove(trialId);
        return ticket;
    }

    /// <summary>
    /// The first re-queued trial this node may run: one it has not declined, and has not failed unless
    /// every registered node has failed it (then a retry on the same node beats no retry).
    /// </summary>
    private Ticket? TakeQueued(string node)
    {
        for (var entry = _queue.First; entry is not null; entry = entry.Next)
        {
            var ticket = entry.Value;
            if (ticket.DeclinedBy.ContainsKey(node))
            {
                continue;
            }

            if (ticket.FailedOn.Contains(node) && !_nodes.Keys.All(ticket.FailedOn.Contains))
            {
                continue;
            }

            _queue.Remove(entry);
            return ticket;
        }

        return null;
    }

    private LinkedListNode<Ticket>? FindQueued(TrialId trialId)
    {
        for (var entry = _queue.First; entry is not null; entry = entry.Next)
        {
            if (entry.Value.TrialId == trialId)
            {
                return entry;
            }
        }

        return null;
    }

    private Ticket? TakeFresh()
    {
        if (!HasFresh())
        {
            return null;
        }

        var ticket = _lookahead;
        _lookahead = null;
        return ticket;
    }

    /// <summary>Pulls the next source trial into the lookahead, skipping ids already finished or running (duplicates in the expansion).</summary>
    private bool HasFresh()
    {
        while (_lookahead is null && !_sourceDone)
        {
            if (!_source.MoveNext())
            {
                _sourceDone = true;
                _source.Dispose();
                break;
            }

            var next = _source.Current;
            if (!_finished.Contains(next.TrialId) && !_inFlight.ContainsKey(next.TrialId) && FindQueued(next.TrialId) is null)
            {
                _lookahead = new Ticket(next.TrialId, next.Config);
            }
        }

        return _lookahead is not null;
    }

    private sealed class Ticket(TrialId trialId, TrialConfig config)
    {
        public TrialId TrialId { get; } = trialId;
        public TrialConfig Config { get; } = config;
        public int Attempts { get; set; }
        public SlotKey Slot { get; set; }
        public DateTime DeadlineUtc { get; set; }
        public HashSet<string> FailedOn { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> DeclinedBy { get; } = new(StringComparer.Ordinal);

        /// <summary>When every registered node had declined it (start of its grace), or null.</summary>
        public DateTime? WaitingSinceUtc { get; set; }
    }
}

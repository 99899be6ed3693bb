using Akka.Actor;
using Akka.Cluster;
using Sweep.Actors.Cluster;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Workers;

/// <summary>
/// One worker node: registers with the coordinator, asks for a trial whenever one of its slots is idle,
/// trains on the slot's own thread, and re-sends each finished trial until the coordinator acknowledges it.
/// In a joined node it watches the coordinator through cluster membership and reports its loss through
/// <see cref="WorkerSettings.Exit"/>, so the host can rejoin with a fresh actor system.
/// </summary>
internal sealed class WorkerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RegisterRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CoordinatorLostAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly WorkerSettings _settings;
    private readonly SlotState[] _slots;
    private readonly Dictionary<TrialId, UnackedResult> _unacked = [];
    private IActorRef? _coordinator;
    private Address? _coordinatorAddress;
    private DateTime _lastRegisterSent = DateTime.MinValue;
    private DateTime? _coordinatorUnreachableSince;
    private bool _stopped;

    public WorkerActor(WorkerSettings settings)
    {
        _settings = settings;
        _slots = Enumerable.Range(0, settings.Slots)
            .Select(i => new SlotState(new SlotThread($"sweep-slot-{i}")))
            .ToArray();

        Receive<WorkerAccepted>(HandleAccepted);
        Receive<WorkerRefused>(HandleRefused);
        Receive<RegisterAgain>(_ => HandleRegisterAgain());
        Receive<WorkAvailable>(_ => RequestForIdleSlots());
        Receive<AssignTrial>(HandleAssign);
        Receive<CancelTrial>(HandleCancel);
        Receive<StopTrial>(HandleStop);
        Receive<SlotEvaluated>(HandleSlotEvaluated);
        Receive<TrialFinishedAck>(m => _unacked.Remove(m.TrialId));
        Receive<SlotEnded>(HandleSlotEnded);
        Receive<SlotProgressed>(HandleSlotProgressed);
        Receive<WorkerTick>(_ => HandleTick());
        Receive<ClusterEvent.MemberUp>(m => HandleMemberUp(m.Member));
        Receive<ClusterEvent.MemberRemoved>(m => HandleMemberGone(m.Member));
        Receive<ClusterEvent.MemberExited>(m => HandleMemberGone(m.Member));
        Receive<ClusterEvent.UnreachableMember>(HandleUnreachable);
        Receive<ClusterEvent.ReachableMember>(HandleReachable);
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Terminated>(HandleTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkerSettings settings) => Akka.Actor.Props.Create(() => new WorkerActor(settings));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", WorkerTick.Instance, TickInterval);
        if (_settings.Coordinator is null)
        {
            ClusterSystem.Get(Context.System).Subscribe(
                Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        }
        else
        {
            Register();
        }
    }

    protected override void PostStop()
    {
        if (_settings.Coordinator is null)
        {
            ClusterSystem.Get(Context.System).Unsubscribe(Self);
        }

        foreach (var slot in _slots)
        {
            slot.Cancellation?.Cancel();
            slot.Thread.Dispose();
        }
    }

    private void Register()
    {
        _lastRegisterSent = DateTime.UtcNow;
        var message = new RegisterWorker(_settings.NodeName, _settings.Slots, _settings.EngineVersion);
        if (_settings.Coordinator is { } local)
        {
            local.Tell(message);
        }
        else if (_coordinatorAddress is { } address)
        {
            Context.ActorSelection(new RootActorPath(address) / "user" / ClusterRoles.CoordinatorActorName).Tell(message);
        }
    }

    private void HandleAccepted(WorkerAccepted accepted)
    {
        if (_stopped)
        {
            return;
        }

        if (!Equals(_coordinator, Sender))
        {
            _coordinator = Sender;
            Context.Watch(Sender);
            _settings.Log($"registered {_settings.Slots} slot(s) with the coordinator at {Sender.Path.Address} for sweep {accepted.SweepId}");
        }

        foreach (var pending in _unacked.Values)
        {
            Send(pending);
        }

        RequestForIdleSlots();
    }

    private void HandleRefused(WorkerRefused refused)
    {
        _stopped = true;
        _coordinator = null;
        _settings.Log($"the coordinator refused this worker: {refused.Reason}");
        _settings.Exit?.TrySetResult(new WorkerExit(true, refused.Reason));
    }

    private void HandleRegisterAgain()
    {
        _coordinator = null;
        Register();
    }

    private void RequestForIdleSlots()
    {
        if (_coordinator is null || _stopped)
        {
            return;
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].TrialId is null)
            {
                _coordinator.Tell(new RequestWork(i));
            }
        }
    }

    private void HandleAssign(AssignTrial assign)
    {
        if (assign.Slot < 0 || assign.Slot >= _slots.Length || _slots[assign.Slot].TrialId is not null)
        {
            _settings.Log($"ignored trial {assign.TrialId} for slot {assign.Slot}: no such idle slot");
            return;
        }

        var slot = _slots[assign.Slot];
        slot.TrialId = assign.TrialId;
        slot.Attempt = assign.Attempt;
        slot.Cancellation = new CancellationTokenSource();
        slot.LastProgressSent = DateTime.MinValue;
        var self = Self;
        slot.Control = new TrialControl(
            p => self.Tell(new SlotProgressed(assign.Slot, assign.TrialId, assign.Attempt, p)),
            assign.StreamEvaluations ? (point, total) => self.Tell(new SlotEvaluated(assign.Slot, assign.TrialId, assign.Attempt, total, point)) : null);
        slot.Control.StopAt(assign.StopAtStep);

        var settings = _settings;
        var control = slot.Control;
        var token = slot.Cancellation.Token;
        slot.Thread
            .Run(() => RunTrial(settings, assign.Slot, assign.TrialId, assign.Attempt, assign.Config, control, token))
            .PipeTo(Self, failure: e => new SlotEnded(assign.Slot, assign.TrialId, assign.Attempt, new SlotOutcome.Failed(Describe(e))));
    }

    /// <summary>Runs on the slot's thread: check the dataset is here, train, and describe how it ended.</summary>
    private static SlotEnded RunTrial(
        WorkerSettings settings, int slot, TrialId trialId, int attempt, TrialConfig config, TrialControl control, CancellationToken token)
    {
        try
        {
            if (settings.DatasetCheck(config) is { } reason)
            {
                return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Declined(reason));
            }

            var started = DateTime.UtcNow;
            var result = settings.Runner(config, token, control);
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Finished(result, started, DateTime.UtcNow));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Cancelled());
        }
        catch (Exception e)
        {
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Failed(Describe(e)));
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private void HandleCancel(CancelTrial cancel)
    {
        foreach (var slot in _slots)
        {
            if (slot.TrialId == cancel.TrialId)
            {
                slot.Cancellation?.Cancel();
            }
        }
    }

    /// <summary>The coordinator's stopping rule decided: the slot's trial ends at its next evaluation point (a trial that already ended is sent as it ended).</summary>
    private void HandleStop(StopTrial stop)
    {
        foreach (var slot in _slots.Where(s => s.TrialId == stop.TrialId))
        {
            slot.Control?.StopAt(stop.AtStep);
        }
    }

    private void HandleSlotEvaluated(SlotEvaluated evaluated)
    {
        if (_coordinator is not null && _slots[evaluated.Slot].TrialId == evaluated.TrialId)
        {
            _coordinator.Tell(new TrialEvaluated(evaluated.TrialId, evaluated.Attempt, evaluated.TotalSteps, evaluated.Point));
        }
    }

    private void HandleSlotEnded(SlotEnded ended)
    {
        var slot = _slots[ended.Slot];
        if (slot.TrialId != ended.TrialId || slot.Attempt != ended.Attempt)
        {
            return;
        }

        slot.TrialId = null;
        slot.Control = null;
        slot.Cancellation?.Dispose();
        slot.Cancellation = null;

        switch (ended.Outcome)
        {
            case SlotOutcome.Finished f:
                var whole = new TrialFinished(
                    ended.Slot, ended.TrialId, ended.Attempt, f.Result.Status, _settings.NodeName, f.StartedAt, f.FinishedAt,
                    (f.FinishedAt - f.StartedAt).TotalSeconds, f.Result.Summary, 0, f.Result.Curve, f.Result.Layers);
                var (parts, finished) = ResultChunks.Split(whole);
                var pending = new UnackedResult(parts, finished);
                _unacked[ended.TrialId] = pending;
                Send(pending);
                break;
            case SlotOutcome.Failed failed:
                _coordinator?.Tell(new TrialFailed(ended.Slot, ended.TrialId, ended.Attempt, failed.Error));
                break;
            case SlotOutcome.Declined declined:
                _settings.Log($"declined trial {ended.TrialId}: {declined.Reason}");
                _coordinator?.Tell(new TrialDeclined(ended.Slot, ended.TrialId, ended.Attempt, declined.Reason));
                break;
        }

        if (_coordinator is not null && !_stopped)
        {
            _coordinator.Tell(new RequestWork(ended.Slot));
        }
    }

    private void Send(UnackedResult pending)
    {
        if (_coordinator is null)
        {
            return;
        }

        foreach (var part in pending.Parts)
        {
            _coordinator.Tell(part);
        }

        _coordinator.Tell(pending.Finished);
        pending.SentAt = DateTime.UtcNow;
    }

    private void HandleSlotProgressed(SlotProgressed progressed)
    {
        var slot = _slots[progressed.Slot];
        var now = DateTime.UtcNow;
        if (_coordinator is null || slot.TrialId != progressed.TrialId || now - slot.LastProgressSent < ProgressInterval)
        {
            return;
        }

        slot.LastProgressSent = now;
        _coordinator.Tell(new TrialProgressReport(progressed.TrialId, progressed.Attempt, progressed.Progress.Step, progressed.Progress.TotalSteps, progressed.Progress.TrainLoss));
    }

    private void HandleTick()
    {
        if (_stopped)
        {
            return;
        }

        var now = DateTime.UtcNow;
        if (_coordinatorUnreachableSince is { } since && now - since > CoordinatorLostAfter)
        {
            CoordinatorLost($"the coordinator at {_coordinatorAddress} has been unreachable for {CoordinatorLostAfter.TotalSeconds:0} s");
            return;
        }

        if (_coordinator is null && now - _lastRegisterSent > RegisterRetry)
        {
            Register();
        }

        foreach (var pending in _unacked.Values)
        {
            if (now - pending.SentAt > ResendAfter)
            {
                Send(pending);
            }
        }
    }

    private void HandleMemberUp(Member member)
    {
        if (member.HasRole(ClusterRoles.Coordinator) && _coordinatorAddress is null)
        {
            _coordinatorAddress = member.Address;
            Register();
        }
    }

    private void HandleMemberGone(Member member)
    {
        if (member.Address == _coordinatorAddress)
        {
            CoordinatorLost($"the coordinator at {member.Address} left the cluster");
        }
    }

    private void HandleUnreachable(ClusterEvent.UnreachableMember unreachable)
    {
        if (unreachable.Member.Address == _coordinatorAddress)
        {
            _coordinatorUnreachableSince ??= DateTime.UtcNow;
        }
    }

    private void HandleReachable(ClusterEvent.ReachableMember reachable)
    {
        if (reachable.Member.Address == _coordinatorAddress)
        {
            _coordinatorUnreachableSince = null;
        }
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (Equals(terminated.ActorRef, _coordinator))
        {
            CoordinatorLost($"the coordinator at {terminated.ActorRef.Path.Address} stopped");
        }
    }

    /// <summary>Running trials and unacknowledged results belong to a sweep this node can no longer report to: drop them.</summary>
    private void CoordinatorLost(string reason)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = _settings.Exit is not null;
        _coordinator = null;
        _coordinatorUnreachableSince = null;
        _unacked.Clear();
        foreach (var slot in _slots)
        {
            slot.Cancellation?.Cancel();
        }

        _settings.Log(reason);
        _settings.Exit?.TrySetResult(new WorkerExit(false, reason));
    }

    private sealed class SlotState(SlotThread thread)
    {
        public SlotThread Thread { get; } = thread;
        public TrialId? TrialId { get; set; }
        public int Attempt { get; set; }
        public CancellationTokenSource? Cancellation { get; set; }
        public TrialControl? Control { get; set; }
        public DateTime LastProgressSent { get; set; }
    }

    private sealed class UnackedResult(List<TrialResultPart> parts, TrialFinished finished)
    {
        public List<TrialResultPart> Parts { get; } = parts;
        public TrialFinished Finished { get; } = finished;
        public DateTime SentAt { get; set; }
    }
}

using Akka.Actor;
using Akka.Cluster;
using Sweep.Actors.Cluster;
using Sweep.Engine.Training;
using static Sweep.Actors.Protocol.SweepProtocol;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Workers;

/// <summary>
/// One worker node's actor: routes coordinator, slot and cluster messages to its <see cref="SweepWorker{TActor}"/>
/// (where the decisions live) and carries out what that asks through Akka: messages, death watch, registration,
/// and training on each slot's own <see cref="SlotThread"/>. In a joined node it finds the coordinator through
/// cluster membership and reports its loss through <see cref="WorkerSettings.Exit"/>, so the host can rejoin
/// with a fresh actor system.
/// </summary>
internal sealed class WorkerActor : ReceiveActor, IWithTimers, IWorkerOutbox<IActorRef>
{
    private readonly WorkerSettings _settings;
    private readonly SlotThread[] _threads;
    private readonly SweepWorker<IActorRef> _worker;
    private Address? _coordinatorAddress;

    public WorkerActor(WorkerSettings settings)
    {
        _settings = settings;
        _threads = Enumerable.Range(0, settings.Slots).Select(i => new SlotThread($"sweep-slot-{i}")).ToArray();
        _worker = new SweepWorker<IActorRef>(settings, this, actor => actor.Path.Address.ToString(), TimeProvider.System);

        Receive<WorkerAccepted>(m => _worker.Accepted(Sender, m));
        Receive<WorkerRefused>(_worker.Refused);
        Receive<RegisterAgain>(_ => _worker.RegisterAgain());
        Receive<WorkAvailable>(_ => _worker.RequestForIdleSlots());
        Receive<AssignTrial>(_worker.Assign);
        Receive<CancelTrial>(m => _worker.Cancel(m.TrialId));
        Receive<StopTrial>(_worker.Stop);
        Receive<ContinueTrial>(_worker.Continue);
        Receive<SlotEvaluated>(_worker.SlotEvaluated);
        Receive<TrialFinishedAck>(m => _worker.Acknowledged(m.TrialId));
        Receive<SlotEnded>(_worker.SlotEnded);
        Receive<SlotProgressed>(_worker.SlotProgressed);
        Receive<WorkerTick>(_ => HandleTick());
        Receive<ClusterEvent.MemberUp>(m => HandleMemberUp(m.Member));
        Receive<ClusterEvent.MemberRemoved>(m => HandleMemberGone(m.Member));
        Receive<ClusterEvent.MemberExited>(m => HandleMemberGone(m.Member));
        Receive<ClusterEvent.UnreachableMember>(m => WhenCoordinator(m.Member, _worker.CoordinatorUnreachable));
        Receive<ClusterEvent.ReachableMember>(m => WhenCoordinator(m.Member, _worker.CoordinatorReachable));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Terminated>(HandleTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WorkerSettings settings) => Akka.Actor.Props.Create(() => new WorkerActor(settings));

    void IWorkerOutbox<IActorRef>.Tell(IActorRef to, object message) => to.Tell(message, Self);

    void IWorkerOutbox<IActorRef>.Watch(IActorRef coordinator) => Context.Watch(coordinator);

    void IWorkerOutbox<IActorRef>.Register(RegisterWorker register)
    {
        if (_settings.Coordinator is { } local)
        {
            local.Tell(register, Self);
        }
        else if (_coordinatorAddress is { } address)
        {
            Context.ActorSelection(new RootActorPath(address) / "user" / ClusterRoles.CoordinatorActorName).Tell(register, Self);
        }
    }

    TrialControl IWorkerOutbox<IActorRef>.Start(AssignTrial assign, CancellationToken token)
    {
        var settings = _settings;
        var self = Self;
        var holds = assign.HoldAt;
        var control = new TrialControl(
            p => self.Tell(new SlotProgressed(assign.Slot, assign.TrialId, assign.Attempt, p)),
            assign.StreamEvaluations ? (point, total, held) => self.Tell(new SlotEvaluated(assign.Slot, assign.TrialId, assign.Attempt, total, point, held)) : null,
            holds is { } rungs ? rungs.IsDecisionPoint : null,
            SweepWorker<IActorRef>.HoldPatience,
            token);
        control.StopAt(assign.StopAtStep);
        _threads[assign.Slot]
            .Run(() => SlotWork.Run(settings, assign.Slot, assign.TrialId, assign.Attempt, assign.Config, token, control))
            .PipeTo(Self, failure: e => new SlotEnded(assign.Slot, assign.TrialId, assign.Attempt, new SlotOutcome.Failed(SlotWork.Describe(e))));
        return control;
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", WorkerTick.Instance, SweepWorker<IActorRef>.TickInterval);
        if (_settings.Coordinator is null)
        {
            ClusterSystem.Get(Context.System).Subscribe(
                Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        }
        else
        {
            _worker.Register();
        }
    }

    protected override void PostStop()
    {
        if (_settings.Coordinator is null)
        {
            ClusterSystem.Get(Context.System).Unsubscribe(Self);
        }

        _worker.Stop();
        foreach (var thread in _threads)
        {
            thread.Dispose();
        }
    }

    private void HandleTick()
    {
        if (!_worker.Tick())
        {
            var lostAfter = SweepWorker<IActorRef>.CoordinatorLostAfter;
            _worker.CoordinatorLost($"the coordinator at {_coordinatorAddress} has been unreachable for {lostAfter.TotalSeconds:0} s");
        }
    }

    private void HandleMemberUp(Member member)
    {
        if (member.HasRole(ClusterRoles.Coordinator) && _coordinatorAddress is null)
        {
            _coordinatorAddress = member.Address;
            _worker.Register();
        }
    }

    private void HandleMemberGone(Member member) =>
        WhenCoordinator(member, () => _worker.CoordinatorLost($"the coordinator at {member.Address} left the cluster"));

    private void WhenCoordinator(Member member, Action action)
    {
        if (member.Address == _coordinatorAddress)
        {
            action();
        }
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (Equals(terminated.ActorRef, _worker.Coordinator))
        {
            _worker.CoordinatorLost($"the coordinator at {terminated.ActorRef.Path.Address} stopped");
        }
    }
}

using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Writing;
using Sweep.Results;
using static Sweep.Actors.Protocol.SweepProtocol;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Coordination;

/// <summary>
/// One sweep's coordinator actor: routes worker, writer and cluster messages to its
/// <see cref="SweepCoordinator{TActor}"/> (where the decisions live, beside <see cref="SchedulingState"/>)
/// and carries out what that asks through Akka: messages, death watch, the results-writer child, the tick timer.
/// </summary>
internal sealed class CoordinatorActor : ReceiveActor, IWithTimers, ICoordinatorOutbox<IActorRef>
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly ResultsWriter _resultsWriter;
    private readonly SweepCoordinator<IActorRef> _coordinator;
    private IActorRef _writer = ActorRefs.Nobody;

    public CoordinatorActor(CoordinatorSettings settings, ResultsWriter writer)
    {
        _resultsWriter = writer;
        _coordinator = new SweepCoordinator<IActorRef>(settings, this, actor => actor.Path.ToSerializationFormat(), TimeProvider.System);

        Receive<RegisterWorker>(m => _coordinator.Register(Sender, m, remote: Sender.Path.Address.HasGlobalScope && Sender.Path.Address != Self.Path.Address));
        Receive<RequestWork>(m => _coordinator.Request(Sender, m));
        Receive<TrialProgressReport>(_coordinator.Progress);
        Receive<TrialEvaluated>(m => _coordinator.Evaluated(Sender, m));
        Receive<TrialResultPart>(_coordinator.Part);
        Receive<TrialFinished>(m => _coordinator.Finished(Sender, m));
        Receive<TrialFailed>(m => _coordinator.Failed(Sender, m));
        Receive<TrialDeclined>(m => _coordinator.Declined(Sender, m));
        Receive<TrialsCommitted>(m => _coordinator.Committed(m.Records));
        Receive<WriterFailed>(m => _coordinator.WriterFailed(m.Error));
        Receive<CoordinatorTick>(_ => _coordinator.Tick());
        Receive<CancelSweep>(_ => _coordinator.Cancel());
        Receive<Terminated>(t => _coordinator.LoseNode(t.ActorRef, "its worker actor stopped", unexpected: false));
        Receive<ClusterEvent.UnreachableMember>(m => LoseNodesAt(m.Member.Address, "unreachable", unexpected: true));
        Receive<ClusterEvent.MemberRemoved>(m => LoseNodesAt(m.Member.Address, "left the cluster", unexpected: false));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool InCluster => Context.System is ExtendedActorSystem { Provider: ClusterActorRefProvider };

    public static Props Props(CoordinatorSettings settings, ResultsWriter writer) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(settings, writer));

    void ICoordinatorOutbox<IActorRef>.Tell(IActorRef to, object message) => to.Tell(message, Self);

    void ICoordinatorOutbox<IActorRef>.Watch(IActorRef node) => Context.Watch(node);

    void ICoordinatorOutbox<IActorRef>.Unwatch(IActorRef node) => Context.Unwatch(node);

    void ICoordinatorOutbox<IActorRef>.Write(WriteTrial write) => _writer.Tell(write, Self);

    void ICoordinatorOutbox<IActorRef>.ObserverThrew(Exception error) => Context.GetLogger().Error(error, "sweep observer threw");

    void ICoordinatorOutbox<IActorRef>.Ended() => Timers.CancelAll();

    protected override void PreStart()
    {
        _writer = Context.ActorOf(ResultsWriterActor.Props(_resultsWriter), "results-writer");
        Timers.StartPeriodicTimer("tick", CoordinatorTick.Instance, TickInterval);
        if (InCluster)
        {
            ClusterSystem.Get(Context.System).Subscribe(
                Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));
        }

        _coordinator.Start();
    }

    protected override void PostStop()
    {
        if (InCluster)
        {
            ClusterSystem.Get(Context.System).Unsubscribe(Self);
        }

        _coordinator.Stopped();
    }

    private void LoseNodesAt(Address address, string reason, bool unexpected)
    {
        foreach (var node in _coordinator.Nodes.Where(n => n.Actor.Path.Address == address).ToList())
        {
            _coordinator.LoseNode(node.Actor, reason, unexpected);
        }
    }
}

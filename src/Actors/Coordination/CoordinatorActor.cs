using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Actors.Workers;
using Sweep.Actors.Writing;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;
using ClusterSystem = Akka.Cluster.Cluster;

namespace Sweep.Actors.Coordination;

/// <summary>
/// One sweep's coordinator: registers worker nodes, answers their requests from <see cref="SchedulingState"/>,
/// hands finished trials to its results-writer child and acknowledges them once durable, re-queues the work
/// of nodes that become unreachable, and reports progress. Decisions live in <see cref="SchedulingState"/>.
/// </summary>
internal sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan NoWorkerWarningAfter = TimeSpan.FromSeconds(5);

    private readonly CoordinatorSettings _settings;
    private readonly SchedulingState _state;
    private readonly Dictionary<IActorRef, WorkerNode> _nodes = [];
    private readonly Dictionary<string, WorkerNode> _nodesByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<TrialId, List<IActorRef>> _pending = [];
    private readonly Dictionary<TrialId, PartialResult> _partials = [];
    private readonly Dictionary<TrialId, (long Step, long Total, double TrainLoss)> _progress = [];
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private IActorRef _writer = ActorRefs.Nobody;
    private long _completed;
    private long _diverged;
    private long _failed;
    private readonly PrunedAccounting _pruned = new();
    private string? _firstError;
    private DateTime _lastAnnounce = DateTime.MinValue;
    private DateTime? _noWorkersSince = DateTime.UtcNow;
    private bool _warnedNoWorkers;
    private bool _cancelling;
    private bool _finished;

    public CoordinatorActor(CoordinatorSettings settings)
    {
        _settings = settings;
        _state = new SchedulingState(settings.Trials, settings.MaxAttempts, settings.TrialTimeout, settings.DeclineGrace);

        Receive<RegisterWorker>(HandleRegister);
        Receive<RequestWork>(HandleRequest);
        Receive<TrialProgressReport>(m => _progress[m.TrialId] = (m.Step, m.TotalSteps, m.TrainLoss));
        Receive<TrialEvaluated>(HandleEvaluated);
        Receive<TrialResultPart>(HandlePart);
        Receive<TrialFinished>(HandleFinished);
        Receive<TrialFailed>(HandleFailed);
        Receive<TrialDeclined>(HandleDeclined);
        Receive<TrialsCommitted>(HandleCommitted);
        Receive<WriterFailed>(HandleWriterFailed);
        Receive<CoordinatorTick>(_ => HandleTick());
        Receive<CancelSweep>(_ => HandleCancel());
        Receive<Terminated>(t => LoseNode(t.ActorRef, "its worker actor stopped", unexpected: false));
        Receive<ClusterEvent.UnreachableMember>(m => LoseNodesAt(m.Member.Address, "unreachable", unexpected: true));
        Receive<ClusterEvent.MemberRemoved>(m => LoseNodesAt(m.Member.Address, "left the cluster", unexpected: false));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CoordinatorSettings settings) => Akka.Actor.Props.Create(() => new CoordinatorActor(settings));

    protected override void PreStart()
    {
        _writer = Context.ActorOf(ResultsWriterActor.Props(_settings.Writer), "results-writer");
        Timers.StartPeriodicTimer("tick", CoordinatorTick.Instance, TickInterval);
        if (Context.System is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
        {
            ClusterSystem.Get(Context.System).Subscribe(
                Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.MemberRemoved));
        }

        CheckDone();
    }

    protected override void PostStop()
    {
        if (Context.System is ExtendedActorSystem { Provider: Akka.Cluster.ClusterActorRefProvider })
        {
            ClusterSystem.Get(Context.System).Unsubscribe(Self);
        }

        _settings.Done.TrySetException(new InvalidOperationException("the sweep coordinator stopped before the sweep ended"));
    }

    private void HandleRegister(RegisterWorker register)
    {
        if (register.EngineVersion != _settings.EngineVersion)
        {
            string reason = $"engine version {register.EngineVersion} differs from the coordinator's {_settings.EngineVersion}; "
                + "results of one sweep must be comparable, so install the same Sweep version on every machine";
            Sender.Tell(new WorkerRefused(reason));
            Notify($"refused worker {register.NodeName}: {reason}");
            return;
        }

        if (register.Slots < 1)
        {
            Sender.Tell(new WorkerRefused($"a worker needs at least one slot, not {register.Slots}"));
            return;
        }

        if (!_nodes.ContainsKey(Sender))
        {
            var node = new WorkerNode(Sender, register.NodeName, register.Slots);
            _nodes[Sender] = node;
            _nodesByKey[node.Key] = node;
            _state.AddNode(node.Key, register.Slots);
            Context.Watch(Sender);
            _noWorkersSince = null;
            _warnedNoWorkers = false;
            if (Sender.Path.Address.HasGlobalScope && Sender.Path.Address != Self.Path.Address)
            {
                Inform($"worker {register.NodeName} joined with {register.Slots} slot(s)");
            }
        }

        Sender.Tell(new WorkerAccepted(_settings.SweepId));
    }

    private void HandleRequest(RequestWork request)
    {
        if (!_nodes.TryGetValue(Sender, out var node))
        {
            Sender.Tell(RegisterAgain.Instance);
            return;
        }

        if (_cancelling || _finished || request.Slot < 0 || request.Slot >= node.Slots)
        {
            return;
        }

        if (_state.Assign(new SlotKey(node.Key, request.Slot), DateTime.UtcNow) is { } assignment)
        {
            var stop = _settings.Stopping?.DecisionFor(assignment.TrialId);
            Sender.Tell(new AssignTrial(
                request.Slot, assignment.TrialId, assignment.Attempt, assignment.DeadlineUtc, assignment.Config,
                StreamEvaluations: _settings.Stopping is not null, StopAtStep: stop?.AtStep ?? long.MaxValue));
        }
    }

    /// <summary>A running trial's evaluation point: the stopping rule may decide to stop it (the decision outlives its worker).</summary>
    private void HandleEvaluated(TrialEvaluated evaluated)
    {
        if (_settings.Stopping is not { } stopping || _cancelling || _state.RunningConfig(evaluated.TrialId) is not { } config)
        {
            return;
        }

        _pruned.Budget(evaluated.TrialId, evaluated.TotalSteps);
        if (stopping.Evaluated(evaluated.TrialId, config, evaluated.Point, evaluated.TotalSteps) is { } decision)
        {
            Sender.Tell(new StopTrial(evaluated.TrialId, decision.AtStep));
        }
    }

    private void HandlePart(TrialResultPart part)
    {
        if (part.Index == 0)
        {
            _partials[part.TrialId] = new PartialResult(part.Attempt);
        }

        if (_partials.TryGetValue(part.TrialId, out var partial) && partial.Attempt == part.Attempt && partial.Parts.Count == part.Index)
        {
            partial.Parts.Add(part);
        }
    }

    private void HandleFinished(TrialFinished finished)
    {
        IReadOnlyList<TrialResultPart> parts = [];
        if (finished.PartsBefore > 0)
        {
            if (!_partials.Remove(finished.TrialId, out var partial)
                || partial.Attempt != finished.Attempt
                || partial.Parts.Count != finished.PartsBefore)
            {
                return;
            }

            parts = partial.Parts;
        }

        if (_pending.TryGetValue(finished.TrialId, out var waiting))
        {
            waiting.Add(Sender);
            return;
        }

        string nodeKey = _nodes.TryGetValue(Sender, out var node) ? node.Key : WorkerNode.KeyOf(Sender);
        var outcome = _state.Complete(finished.TrialId, new SlotKey(nodeKey, finished.Slot));
        if (outcome.Kind != CompletionKind.Accepted)
        {
            Sender.Tell(new TrialFinishedAck(finished.TrialId));
            return;
        }

        if (outcome.AlsoRunningOn is { } copy && _nodesByKey.TryGetValue(copy.Node, out var copyNode))
        {
            copyNode.Actor.Tell(new CancelTrial(finished.TrialId));
        }

        _progress.Remove(finished.TrialId);
        var (curve, layers) = ResultChunks.Join(parts, finished);
        var stop = finished.Status == TrialStatus.Pruned ? _settings.Stopping?.DecisionFor(finished.TrialId) : null;
        var record = new TrialRecord(
            new TrialRow(
                _settings.SweepId, finished.TrialId, outcome.Config!, finished.Status, null, outcome.Attempts,
                finished.WorkerHost, finished.StartedAt, finished.FinishedAt, finished.DurationSeconds, finished.Summary)
            {
                StopRule = finished.Status == TrialStatus.Pruned ? stop?.Rule ?? _settings.Stopping?.Settings.RuleName : null,
                StopReason = finished.Status == TrialStatus.Pruned ? stop?.Reason ?? "stopped by the coordinator" : null,
            },
            curve,
            layers);
        _settings.Stopping?.Ended(finished.TrialId, outcome.Config!, finished.Status, curve);
        Publish(record, Sender);
    }

    private void HandleFailed(TrialFailed failed)
    {
        if (!_nodes.TryGetValue(Sender, out var node))
        {
            return;
        }

        var outcome = _state.Fail(new SlotKey(node.Key, failed.Slot), failed.TrialId, failed.Error);
        if (outcome is not null)
        {
            Notify($"trial {failed.TrialId} failed on {node.Name} (attempt {failed.Attempt}): {failed.Error}");
            Apply(outcome, node.Name);
        }
    }

    private void HandleDeclined(TrialDeclined declined)
    {
        if (!_nodes.TryGetValue(Sender, out var node))
        {
            return;
        }

        var outcome = _state.Decline(new SlotKey(node.Key, declined.Slot), declined.TrialId, declined.Reason, DateTime.UtcNow);
        if (outcome is not null)
        {
            Notify($"worker {node.Name} declined trial {declined.TrialId}: {declined.Reason}");
            if (outcome.WaitsUntilUtc is { } until)
            {
                Notify($"trial {declined.TrialId} waits for a worker that can load its dataset: every connected worker declined it; "
                       + $"it is given up at {until:HH:mm:ss} UTC unless such a worker joins");
            }

            Apply(outcome, node.Name);
        }
    }

    /// <summary>A trial taken from a slot: publish it as failed when given up, else tell idle slots there is work.</summary>
    private void Apply(Requeue outcome, string workerHost)
    {
        _progress.Remove(outcome.TrialId);
        if (outcome.GaveUp is { } gaveUp)
        {
            var now = DateTime.UtcNow;
            var record = new TrialRecord(
                new TrialRow(
                    _settings.SweepId, gaveUp.TrialId, gaveUp.Config, TrialStatus.Failed, gaveUp.Error, gaveUp.Attempts,
                    workerHost, now, now, 0, new TrialSummary()),
                [],
                []);
            _settings.Stopping?.Ended(gaveUp.TrialId, gaveUp.Config, TrialStatus.Failed, []);
            Publish(record, null);
        }
        else
        {
            Announce(force: true);
        }
    }

    private void Publish(TrialRecord record, IActorRef? acker)
    {
        _pending[record.TrialId] = acker is null ? [] : [acker];
        _writer.Tell(new WriteTrial(record, NothingElsePending: _cancelling || _state.IsDone));
    }

    private void HandleCommitted(TrialsCommitted committed)
    {
        foreach (var record in committed.Records)
        {
            if (!_pending.Remove(record.TrialId, out var ackers))
            {
                continue;
            }

            foreach (var acker in ackers)
            {
                acker.Tell(new TrialFinishedAck(record.TrialId));
            }

            switch (record.Status)
            {
                case TrialStatus.Completed: _completed++; break;
                case TrialStatus.Diverged: _diverged++; break;
                case TrialStatus.Pruned: _pruned.Committed(record.TrialId, record.Config, record.Summary.StepsRun); break;
                default:
                    _failed++;
                    _firstError ??= record.Error;
                    break;
            }

            _pruned.Forget(record.TrialId);
            Observe(o => o.OnTrialFinished(record));
        }

        CheckDone();
    }

    private void HandleWriterFailed(WriterFailed failed)
    {
        _finished = true;
        _settings.Done.TrySetException(new IOException($"could not write results to {_settings.OutputPath}: {failed.Error.Message}", failed.Error));
    }

    private void HandleTick()
    {
        if (_finished)
        {
            return;
        }

        var now = DateTime.UtcNow;
        foreach (var declined in _state.ExpireDeclined(now))
        {
            Apply(declined, _nodesByKey.TryGetValue(declined.From.Node, out var last) ? last.Name : declined.From.Node);
        }

        foreach (var expired in _state.ExpireDeadlines(now))
        {
            if (_nodesByKey.TryGetValue(expired.From.Node, out var node))
            {
                node.Actor.Tell(new CancelTrial(expired.TrialId));
                Notify($"trial {expired.TrialId} passed its deadline on {node.Name}");
            }

            Apply(expired, node?.Name ?? expired.From.Node);
        }

        Announce(force: false);
        WatchForWorkers(now);
        Observe(o => o.OnProgress(Snapshot()));
        CheckDone();
    }

    /// <summary>Tells nodes with idle slots that trials are waiting (at once after a re-queue, else once a second).</summary>
    private void Announce(bool force)
    {
        var now = DateTime.UtcNow;
        if (_cancelling || (!force && now - _lastAnnounce < AnnounceInterval) || !_state.HasWork)
        {
            return;
        }

        _lastAnnounce = now;
        foreach (var node in _nodes.Values)
        {
            if (_state.RunningOn(node.Key).Count() < node.Slots)
            {
                node.Actor.Tell(WorkAvailable.Instance);
            }
        }
    }

    private void WatchForWorkers(DateTime now)
    {
        if (_nodes.Count > 0 || _cancelling || _state.IsDone)
        {
            _noWorkersSince = null;
            return;
        }

        _noWorkersSince ??= now;
        var waited = now - _noWorkersSince.Value;
        if (!_warnedNoWorkers && waited > NoWorkerWarningAfter)
        {
            _warnedNoWorkers = true;
            Notify($"no workers connected; waiting for workers to join at {_settings.JoinAddress} (sweep-worker --join {_settings.JoinAddress})");
        }

        if (_settings.NoWorkerTimeout is { } timeout && waited > timeout)
        {
            _finished = true;
            _settings.Done.TrySetException(new TimeoutException(
                $"no worker connected for {timeout.TotalSeconds:0} s while trials were waiting; the run folder {_settings.OutputPath} can be resumed"));
        }
    }

    private void HandleCancel()
    {
        _cancelling = true;
        foreach (var node in _nodes.Values)
        {
            foreach (var (_, trialId) in _state.RunningOn(node.Key))
            {
                node.Actor.Tell(new CancelTrial(trialId));
            }
        }

        CheckDone();
    }

    private void LoseNodesAt(Address address, string reason, bool unexpected)
    {
        foreach (var node in _nodes.Values.Where(n => n.Actor.Path.Address == address).ToList())
        {
            LoseNode(node.Actor, reason, unexpected);
        }
    }

    /// <summary>
    /// A worker leaving with nothing running is normal (a notice); an unreachable one, or one that leaves
    /// with trials running, is a warning: its trials are re-run.
    /// </summary>
    private void LoseNode(IActorRef actor, string reason, bool unexpected)
    {
        if (!_nodes.Remove(actor, out var node))
        {
            return;
        }

        _nodesByKey.Remove(node.Key);
        Context.Unwatch(actor);
        var outcomes = _state.RemoveNode(node.Key);
        if (unexpected || outcomes.Count > 0)
        {
            Notify($"worker {node.Name} lost ({reason}); {outcomes.Count} running trial(s) re-queued or given up");
        }
        else
        {
            Inform($"worker {node.Name} left ({reason}); it was running no trials");
        }

        foreach (var outcome in outcomes)
        {
            Apply(outcome, node.Name);
        }
    }

    private void CheckDone()
    {
        if (_finished || _pending.Count > 0 || !(_cancelling || _state.IsDone))
        {
            return;
        }

        _finished = true;
        Timers.CancelAll();
        Observe(o => o.OnProgress(Snapshot()));
        _settings.Done.TrySetResult(new SweepSummary(
            _settings.SweepId, _settings.OutputPath, _settings.Total, _settings.Skipped,
            _completed, _diverged, _failed, _elapsed.Elapsed, _cancelling, _firstError)
        {
            Pruned = _pruned.Count,
            StepsSaved = _pruned.StepsSaved,
        });
    }

    private SweepProgress Snapshot()
    {
        long finished = _completed + _diverged + _failed + _pruned.Count;
        long queued = Math.Max(0, _settings.Total - _settings.Skipped - finished - _pending.Count - _state.Running);
        double minutes = _elapsed.Elapsed.TotalMinutes;
        double perMinute = minutes > 0 ? finished / minutes : 0;
        TimeSpan? eta = perMinute > 0 ? TimeSpan.FromMinutes((queued + _state.Running + _pending.Count) / perMinute) : null;
        var workers = _nodes.Values
            .Select(n =>
            {
                var running = _state.RunningOn(n.Key)
                    .Select(r => _progress.TryGetValue(r.TrialId, out var p)
                        ? new RunningTrial(r.TrialId, p.Step, p.Total, p.TrainLoss)
                        : new RunningTrial(r.TrialId, 0, 0, double.NaN))
                    .ToList();
                return new WorkerStatus(n.Name, n.Slots, running.Count, running);
            })
            .ToList();
        return new SweepProgress(
            _settings.Total, _settings.Skipped, queued, _state.Running, _completed, _diverged, _failed, perMinute, eta, workers)
        {
            Pruned = _pruned.Count,
            StepsSaved = _pruned.StepsSaved,
        };
    }

    private void Notify(string warning) => Observe(o => o.OnMessage(warning));

    private void Inform(string notice) => Observe(o => o.OnNotice(notice));

    /// <summary>An observer that throws must not restart the coordinator (its state would be lost): log and go on.</summary>
    private void Observe(Action<ISweepObserver> call)
    {
        try
        {
            call(_settings.Observer);
        }
        catch (Exception e)
        {
            Context.GetLogger().Error(e, "sweep observer threw");
        }
    }

    private sealed class WorkerNode(IActorRef actor, string name, int slots)
    {
        public IActorRef Actor { get; } = actor;
        public string Name { get; } = name;
        public int Slots { get; } = slots;
        public string Key { get; } = KeyOf(actor);

        public static string KeyOf(IActorRef actor) => actor.Path.ToSerializationFormat();
    }

    private sealed class PartialResult(int attempt)
    {
        public int Attempt { get; } = attempt;
        public List<TrialResultPart> Parts { get; } = [];
    }
}

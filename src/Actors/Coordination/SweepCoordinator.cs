using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Actors.Writing;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Coordination;

/// <summary>
/// The coordinator's decisions, without Akka: registers worker nodes, answers their requests from
/// <see cref="SchedulingState"/>, hands finished trials to the writer and acknowledges them once durable,
/// re-queues the work of lost nodes, watches for a sweep without workers, and reports progress and the end
/// through <see cref="CoordinatorSettings.Observer"/> and <see cref="CoordinatorSettings.Done"/>. Its
/// <see cref="CoordinatorActor"/> feeds it messages; side effects go through <see cref="ICoordinatorOutbox{TActor}"/>.
/// Time comes from a <see cref="TimeProvider"/> so that tests control it. Not thread-safe: one actor owns it.
/// </summary>
internal sealed class SweepCoordinator<TActor>
    where TActor : class
{
    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan NoWorkerWarningAfter = TimeSpan.FromSeconds(5);

    private readonly CoordinatorSettings _settings;
    private readonly ICoordinatorOutbox<TActor> _outbox;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly SchedulingState _state;
    private readonly WorkerNodes<TActor> _nodes;
    private readonly ResultAssembly _assembly = new();
    private readonly PendingAcks<TActor> _pending = new();
    private readonly SweepTally _tally;
    private readonly NoWorkerWatchdog _watchdog;

    /// <summary>Synchronous rung mode: results that reached their rung, not committed until the rung is decided.</summary>
    private readonly Dictionary<TrialId, HeldResult> _held = [];
    private DateTime _lastAnnounce = DateTime.MinValue;
    private bool _cancelling;
    private bool _finished;

    /// <param name="keyOf">A node's key: stable for one worker actor (its path), unique among nodes.</param>
    public SweepCoordinator(CoordinatorSettings settings, ICoordinatorOutbox<TActor> outbox, Func<TActor, string> keyOf, TimeProvider time)
    {
        _settings = settings;
        _outbox = outbox;
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _state = new SchedulingState(settings.Trials, settings.MaxAttempts, settings.TrialTimeout, settings.DeclineGrace);
        _nodes = new WorkerNodes<TActor>(keyOf);
        _tally = new SweepTally(settings.Total, settings.Skipped);
        _watchdog = new NoWorkerWatchdog(NoWorkerWarningAfter, settings.NoWorkerTimeout, Now);
    }

    /// <summary>The registered worker nodes (the actor maps a cluster member's address to them).</summary>
    public IEnumerable<RegisteredNode<TActor>> Nodes => _nodes.All;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>The actor started: a sweep with nothing to run ends at once.</summary>
    public void Start() => CheckDone();

    /// <summary>The actor stopped: a sweep not ended by now never will be.</summary>
    public void Stopped() => _settings.Done.TrySetException(new InvalidOperationException("the sweep coordinator stopped before the sweep ended"));

    /// <param name="remote">The worker lives on another node of the cluster (its joining is worth a notice).</param>
    public void Register(TActor worker, RegisterWorker register, bool remote)
    {
        if (register.EngineVersion != _settings.EngineVersion)
        {
            string reason = $"engine version {register.EngineVersion} differs from the coordinator's {_settings.EngineVersion}; "
                + "results of one sweep must be comparable, so install the same Sweep version on every machine";
            _outbox.Tell(worker, new WorkerRefused(reason));
            Warn($"refused worker {register.Name} on {register.Host}: {reason}");
            return;
        }

        if (register.Slots < 1)
        {
            _outbox.Tell(worker, new WorkerRefused($"a worker needs at least one slot, not {register.Slots}"));
            return;
        }

        var identity = WorkerIdentity.Received(register.Name, register.Host);
        if (_nodes.Add(worker, identity, register.Slots) is { } node)
        {
            if (_nodes.FindOtherNamed(identity.Name, worker) is { } namesake)
            {
                Warn($"worker {identity.Name} joined again on {identity.Host} while its earlier registration on {namesake.Worker.Host} is still here "
                     + "(a restarted worker: the earlier one is given up once the cluster finds it unreachable; two running workers "
                     + "should not share one --name)");
            }

            _state.AddNode(node.Key, node.Slots);
            _outbox.Watch(worker);
            _watchdog.WorkerJoined();
            if (remote)
            {
                Observe(o => o.OnNotice($"worker {identity.Name} on {identity.Host} joined with {register.Slots} slot(s)"));
            }
        }

        _outbox.Tell(worker, new WorkerAccepted(_settings.SweepId));
    }

    public void Request(TActor worker, RequestWork request)
    {
        if (_nodes.Find(worker) is not { } node)
        {
            _outbox.Tell(worker, RegisterAgain.Instance);
        }
        else if (!_cancelling && !_finished && request.Slot >= 0 && request.Slot < node.Slots
                 && _state.Assign(new SlotKey(node.Key, request.Slot), Now) is { } a)
        {
            long stopAt = _settings.Sync?.StopAtStep(a.TrialId) ?? _settings.Stopping?.DecisionFor(a.TrialId)?.AtStep ?? long.MaxValue;
            _outbox.Tell(worker, new AssignTrial(
                request.Slot, a.TrialId, a.Attempt, a.DeadlineUtc, a.Config,
                StreamEvaluations: _settings.Stopping is not null, StopAtStep: stopAt, HoldAt: _settings.Stopping?.HoldPoints));
        }
    }

    /// <summary>
    /// A running trial's evaluation point: the stopping rule may decide to stop it. The decision outlives the worker it
    /// is sent to: a re-run attempt carries its step (<see cref="Request"/>). A trial held at the point (it awaits the
    /// verdict) is always answered: stop, or train on.
    /// </summary>
    public void Evaluated(TActor worker, TrialEvaluated evaluated)
    {
        StopDecision? decision = null;
        if (_settings.Stopping is { } stopping && !_cancelling && _state.RunningConfig(evaluated.TrialId) is { } config)
        {
            _tally.Budget(evaluated.TrialId, evaluated.TotalSteps);
            decision = stopping.Evaluated(evaluated.TrialId, config, evaluated.Point, evaluated.TotalSteps);
            if (decision is null && evaluated.AwaitsVerdict)
            {
                // Decided at an earlier point (a re-run attempt held again): the held trial hears it again.
                decision = stopping.DecisionFor(evaluated.TrialId);
            }
        }

        if (decision is not null)
        {
            _outbox.Tell(worker, new StopTrial(evaluated.TrialId, decision.AtStep));
        }
        else if (evaluated.AwaitsVerdict)
        {
            _outbox.Tell(worker, new ContinueTrial(evaluated.TrialId, evaluated.Point.Step));
        }
    }

    public void Progress(TrialProgressReport report) => _tally.Report(report.TrialId, report.Step, report.TotalSteps, report.TrainLoss);

    public void Part(TrialResultPart part) => _assembly.Add(part);

    /// <summary>
    /// A result: dropped while incomplete (the worker re-sends it), acknowledged at once when the trial already
    /// has one, joined to the waiters of one not yet durable, else published (and a re-queued copy cancelled).
    /// In the synchronous rung mode, one that reached its rung is held instead (<see cref="FinishedAtRung"/>), and a
    /// late copy of an earlier rung's run is acknowledged and dropped.
    /// </summary>
    public void Finished(TActor worker, TrialFinished finished)
    {
        if (_assembly.Complete(finished) is not var (curve, layers) || _pending.TryWait(finished.TrialId, worker))
        {
            return;
        }

        if (_settings.Sync is { } sync && sync.IsStale(finished.TrialId, finished.Status, curve))
        {
            _outbox.Tell(worker, new TrialFinishedAck(finished.TrialId));
            return;
        }

        var outcome = _state.Complete(finished.TrialId, new SlotKey(_nodes.KeyOf(worker), finished.Slot));
        if (outcome.Kind != CompletionKind.Accepted)
        {
            _outbox.Tell(worker, new TrialFinishedAck(finished.TrialId));
            return;
        }

        if (outcome.AlsoRunningOn is { } copy && _nodes.FindByKey(copy.Node) is { } copyNode)
        {
            _outbox.Tell(copyNode.Actor, new CancelTrial(finished.TrialId));
        }

        _tally.Forget(finished.TrialId);
        if (_settings.Sync is { } rungs)
        {
            FinishedAtRung(worker, new HeldResult(finished, outcome, curve, layers), rungs);
            return;
        }

        var record = TrialRecords.Finished(_settings.SweepId, finished, outcome, curve, layers, _settings.Stopping?.DecisionFor(finished.TrialId));
        _settings.Stopping?.Ended(finished.TrialId, outcome.Config!, finished.Status, curve);
        Publish(record, worker);
    }

    /// <summary>
    /// Synchronous rung mode: a result that reached its rung is held and acknowledged at once (the worker moves on;
    /// a held result lost with the coordinator is re-run on resume); any other is committed with its re-run steps.
    /// Either may decide the rung.
    /// </summary>
    private void FinishedAtRung(TActor worker, HeldResult result, SyncRungs rungs)
    {
        var id = result.Finished.TrialId;
        var step = rungs.Finished(id, result.Curve, result.Finished.Summary.StepsRun);
        if (step.Held)
        {
            _held[id] = result;
            _outbox.Tell(worker, new TrialFinishedAck(id));
        }

        ApplyRung(step);
        if (!step.Held)
        {
            Publish(result.Record(_settings.SweepId, null, step.StepsRerun), worker);
        }
    }

    /// <summary>A rung decided: promoted trials queue again from step 0 (before anything is published, so the writer does not see the sweep as done); the others are committed pruned once.</summary>
    private void ApplyRung(SyncStep step)
    {
        foreach (var trial in step.RunAgain)
        {
            _held.Remove(trial, out var held);
            _state.RunAgain(new PendingTrial(trial, held!.Outcome.Config!));
        }

        foreach (var pruned in step.Pruned)
        {
            _held.Remove(pruned.Trial, out var held);
            Publish(held!.Record(_settings.SweepId, pruned.Decision, pruned.StepsRerun), null);
        }

        if (step.RunAgain.Count > 0)
        {
            Announce(force: true);
        }
    }

    public void Failed(TActor worker, TrialFailed failed)
    {
        if (_nodes.Find(worker) is { } node && _state.Fail(new SlotKey(node.Key, failed.Slot), failed.TrialId, failed.Error) is { } outcome)
        {
            Warn($"trial {failed.TrialId} failed on {node.Name} (attempt {failed.Attempt}): {failed.Error}");
            Apply(outcome, node.Worker);
        }
    }

    public void Declined(TActor worker, TrialDeclined declined)
    {
        if (_nodes.Find(worker) is not { } node
            || _state.Decline(new SlotKey(node.Key, declined.Slot), declined.TrialId, declined.Reason, Now) is not { } outcome)
        {
            return;
        }

        Warn($"worker {node.Name} declined trial {declined.TrialId}: {declined.Reason}");
        if (outcome.WaitsUntilUtc is { } until)
        {
            Warn($"trial {declined.TrialId} waits for a worker that can load its dataset: every connected worker declined it; "
                 + $"it is given up at {until:HH:mm:ss} UTC unless such a worker joins");
        }

        Apply(outcome, node.Worker);
    }

    /// <summary>The writer made these records durable: acknowledge their senders, count them, maybe end the sweep.</summary>
    public void Committed(IReadOnlyList<TrialRecord> records)
    {
        foreach (var record in records)
        {
            if (_pending.Commit(record.TrialId) is not { } ackers)
            {
                continue;
            }

            foreach (var acker in ackers)
            {
                _outbox.Tell(acker, new TrialFinishedAck(record.TrialId));
            }

            _tally.Count(record);
            Observe(o => o.OnTrialFinished(record));
        }

        CheckDone();
    }

    public void WriterFailed(Exception error)
    {
        _finished = true;
        _settings.Done.TrySetException(new IOException($"could not write results to {_settings.OutputPath}: {error.Message}", error));
    }

    /// <summary>Periodic: expire declines and deadlines, announce work, watch for workers, report progress.</summary>
    public void Tick()
    {
        if (_finished)
        {
            return;
        }

        var now = Now;
        foreach (var declined in _state.ExpireDeclined(now))
        {
            Apply(declined, _nodes.IdentityOf(declined.From.Node));
        }

        foreach (var expired in _state.ExpireDeadlines(now))
        {
            if (_nodes.FindByKey(expired.From.Node) is { } node)
            {
                _outbox.Tell(node.Actor, new CancelTrial(expired.TrialId));
                Warn($"trial {expired.TrialId} passed its deadline on {node.Name}");
            }

            Apply(expired, _nodes.IdentityOf(expired.From.Node));
        }

        Announce(force: false);
        WatchForWorkers(now);
        Observe(o => o.OnProgress(Snapshot()));
        CheckDone();
    }

    /// <summary>Stop dispatching, cancel running trials; the sweep ends once what finished is durable.</summary>
    public void Cancel()
    {
        _cancelling = true;
        foreach (var node in _nodes.All)
        {
            foreach (var (_, trialId) in _state.RunningOn(node.Key))
            {
                _outbox.Tell(node.Actor, new CancelTrial(trialId));
            }
        }

        CheckDone();
    }

    /// <summary>
    /// A worker leaving with nothing running is normal (a notice); an unreachable one, or one that leaves
    /// with trials running, is a warning: its trials are re-run.
    /// </summary>
    public void LoseNode(TActor actor, string reason, bool unexpected)
    {
        if (_nodes.Remove(actor) is not { } node)
        {
            return;
        }

        _outbox.Unwatch(actor);
        var outcomes = _state.RemoveNode(node.Key);
        if (unexpected || outcomes.Count > 0)
        {
            Warn($"worker {node.Name} lost ({reason}); {outcomes.Count} running trial(s) re-queued or given up");
        }
        else
        {
            Observe(o => o.OnNotice($"worker {node.Name} left ({reason}); it was running no trials"));
        }

        foreach (var outcome in outcomes)
        {
            Apply(outcome, node.Worker);
        }
    }

    /// <summary>A trial taken from a slot of <paramref name="worker"/>: publish it as failed when given up, else tell idle slots there is work.</summary>
    private void Apply(Requeue outcome, WorkerIdentity worker)
    {
        _tally.Forget(outcome.TrialId);
        if (outcome.GaveUp is { } gaveUp)
        {
            _settings.Stopping?.Ended(gaveUp.TrialId, gaveUp.Config, TrialStatus.Failed, []);
            var step = _settings.Sync?.GaveUp(gaveUp.TrialId);
            if (step is not null)
            {
                ApplyRung(step);
            }

            Publish(TrialRecords.GaveUp(_settings.SweepId, gaveUp, worker, Now) with { StepsRerun = step?.StepsRerun ?? 0 }, null);
        }
        else
        {
            Announce(force: true);
        }
    }

    /// <summary>
    /// Hands a record to the writer, unless the sweep has ended: its summary is out and counts exactly what is
    /// durable, so a result arriving later (a trial that finished while a stop was under way) is not written and
    /// not acknowledged; the trial is still missing from the run folder and a resume runs it again.
    /// </summary>
    private void Publish(TrialRecord record, TActor? acker)
    {
        if (_finished)
        {
            return;
        }

        _pending.Publish(record.TrialId, acker);
        _outbox.Write(new WriteTrial(record, NothingElsePending: _cancelling || _state.IsDone));
    }

    /// <summary>Tells nodes with idle slots that trials are waiting (at once after a re-queue, else once a second).</summary>
    private void Announce(bool force)
    {
        var now = Now;
        if (_cancelling || (!force && now - _lastAnnounce < AnnounceInterval) || !_state.HasWork)
        {
            return;
        }

        _lastAnnounce = now;
        foreach (var node in _nodes.All.Where(n => _state.RunningOn(n.Key).Count() < n.Slots))
        {
            _outbox.Tell(node.Actor, WorkAvailable.Instance);
        }
    }

    private void WatchForWorkers(DateTime now)
    {
        var verdict = _watchdog.Check(now, waiting: _nodes.Count == 0 && !_cancelling && !_state.IsDone);
        if (verdict.Warn)
        {
            Warn($"no workers connected; waiting for workers to join at {_settings.JoinAddress} (sweep-worker --join {_settings.JoinAddress})");
        }

        if (verdict.GiveUp)
        {
            _finished = true;
            _settings.Done.TrySetException(new TimeoutException(
                $"no worker connected for {_settings.NoWorkerTimeout!.Value.TotalSeconds:0} s while trials were waiting; "
                + $"the run folder {_settings.OutputPath} can be resumed"));
        }
    }

    private void CheckDone()
    {
        if (_finished || _pending.Count > 0 || !(_cancelling || _state.IsDone))
        {
            return;
        }

        _finished = true;
        _outbox.Ended();
        Observe(o => o.OnProgress(Snapshot()));
        _settings.Done.TrySetResult(_tally.Summary(_settings.SweepId, _settings.OutputPath, _time.GetElapsedTime(_startTimestamp), _cancelling));
    }

    private SweepProgress Snapshot()
    {
        var workers = _nodes.All
            .Select(n => _tally.Worker(n.Worker.ToString(), n.Slots, _state.RunningOn(n.Key).Select(r => r.TrialId)))
            .ToList();
        return _tally.Snapshot(_time.GetElapsedTime(_startTimestamp), _state.Running, _pending.Count, workers) with { Waiting = _state.Waiting() };
    }

    private void Warn(string warning) => Observe(o => o.OnMessage(warning));

    private void Observe(Action<ISweepObserver> call)
    {
        try
        {
            call(_settings.Observer);
        }
        catch (Exception e)
        {
            _outbox.ObserverThrew(e);
        }
    }
}

/// <summary>A result as it arrived (synchronous rung mode holds it until its rung is decided).</summary>
internal sealed record HeldResult(TrialFinished Finished, CompletionOutcome Outcome, IReadOnlyList<EvalPoint> Curve, IReadOnlyList<LayerPoint> Layers)
{
    /// <summary>Its record: pruned by <paramref name="stop"/> when the run stopped at its rung, with its re-run steps.</summary>
    public TrialRecord Record(string sweepId, StopDecision? stop, long stepsRerun) =>
        TrialRecords.Finished(sweepId, Finished, Outcome, Curve, Layers, stop) with { StepsRerun = stepsRerun };
}

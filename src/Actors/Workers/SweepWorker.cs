using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Workers;

/// <summary>
/// A worker node's decisions, without Akka: registers with the coordinator (retrying until accepted), asks for
/// a trial for each idle slot, forwards progress (throttled), and sends each finished trial until acknowledged;
/// when the coordinator is lost it drops what belonged to its sweep and reports through <see cref="WorkerSettings.Exit"/>.
/// Its <see cref="WorkerActor"/> feeds it messages and carries out <see cref="IWorkerOutbox{TActor}"/>. Time comes from a
/// <see cref="TimeProvider"/> so that tests control it. Not thread-safe: one actor owns it.
/// </summary>
internal sealed class SweepWorker<TActor>
    where TActor : class
{
    /// <summary>How often the actor should call <see cref="Tick"/>.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a trial held at a point waits for the coordinator's verdict before it trains on (a stop that comes
    /// later still ends it at its next point): long enough for a busy coordinator, short enough that a lost one costs
    /// seconds, not the trial.
    /// </summary>
    public static readonly TimeSpan HoldPatience = TimeSpan.FromSeconds(10);

    /// <summary>How long the coordinator may stay unreachable before this worker gives it up.</summary>
    public static readonly TimeSpan CoordinatorLostAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RegisterRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly WorkerSettings _settings;
    private readonly IWorkerOutbox<TActor> _outbox;
    private readonly Func<TActor, string> _describe;
    private readonly TimeProvider _time;
    private readonly WorkerSlots _slots;
    private readonly UnackedResults _unacked = new(ResendAfter);
    private readonly CoordinatorContact _contact = new(RegisterRetry, CoordinatorLostAfter);
    private bool _stopped;

    /// <param name="describe">Where an actor is, for log lines (its address).</param>
    public SweepWorker(WorkerSettings settings, IWorkerOutbox<TActor> outbox, Func<TActor, string> describe, TimeProvider time)
    {
        _settings = settings;
        _outbox = outbox;
        _describe = describe;
        _time = time;
        _slots = new WorkerSlots(settings.Slots, ProgressInterval);
    }

    /// <summary>The coordinator that accepted this worker; null before, and after it asked for a new registration or was lost.</summary>
    public TActor? Coordinator { get; private set; }

    /// <summary>Refused, or (with an exit to report to) lost the coordinator: this worker takes no more work.</summary>
    public bool Stopped => _stopped;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public void Register()
    {
        _contact.RegisterSent(Now);
        _outbox.Register(new RegisterWorker(_settings.Identity.Name, _settings.Slots, _settings.EngineVersion, _settings.Identity.Host));
    }

    /// <summary>Accepted (again): send the results still unacknowledged, and ask for work for the idle slots.</summary>
    public void Accepted(TActor coordinator, WorkerAccepted accepted)
    {
        if (_stopped)
        {
            return;
        }

        if (!Equals(Coordinator, coordinator))
        {
            Coordinator = coordinator;
            _outbox.Watch(coordinator);
            _settings.Log($"registered {_settings.Slots} slot(s) with the coordinator at {_describe(coordinator)} for sweep {accepted.SweepId}");
        }

        foreach (var pending in _unacked.All)
        {
            Send(pending);
        }

        RequestForIdleSlots();
    }

    public void Refused(WorkerRefused refused)
    {
        _stopped = true;
        Coordinator = null;
        _settings.Log($"the coordinator refused this worker: {refused.Reason}");
        _settings.Exit?.TrySetResult(new WorkerExit(true, refused.Reason));
    }

    /// <summary>The coordinator does not know this worker (it restarted, or lost it for a while): register again.</summary>
    public void RegisterAgain()
    {
        Coordinator = null;
        Register();
    }

    public void RequestForIdleSlots()
    {
        if (Coordinator is null || _stopped)
        {
            return;
        }

        foreach (int slot in _slots.Idle)
        {
            _outbox.Tell(Coordinator, new RequestWork(slot));
        }
    }

    public void Assign(AssignTrial assign)
    {
        if (_slots.TryStart(assign.Slot, assign.TrialId, assign.Attempt) is { } token)
        {
            _slots.Attach(assign.Slot, _outbox.Start(assign, token));
        }
        else
        {
            _settings.Log($"ignored trial {assign.TrialId} for slot {assign.Slot}: no such idle slot");
        }
    }

    public void Cancel(TrialId trialId) => _slots.Cancel(trialId);

    /// <summary>The coordinator's stopping rule decided: the trial ends at its next evaluation point (one already ended is sent as it ended).</summary>
    public void Stop(StopTrial stop) => _slots.StopAt(stop.TrialId, stop.AtStep);

    /// <summary>The coordinator's verdict on a point the trial is held at: no stop, train on.</summary>
    public void Continue(ContinueTrial verdict) => _slots.Release(verdict.TrialId, verdict.AtStep);

    /// <summary>
    /// An evaluation point of a slot's trial, for the coordinator's stopping rule (only assignments that asked for them
    /// send any). A held trial whose point cannot reach a coordinator trains on at once.
    /// </summary>
    public void SlotEvaluated(SlotEvaluated evaluated)
    {
        if (Coordinator is not null && _slots.TrialOn(evaluated.Slot) == evaluated.TrialId)
        {
            _outbox.Tell(Coordinator, new TrialEvaluated(evaluated.TrialId, evaluated.Attempt, evaluated.TotalSteps, evaluated.Point, evaluated.AwaitsVerdict));
        }
        else if (evaluated.AwaitsVerdict)
        {
            _slots.Release(evaluated.TrialId, evaluated.Point.Step);
        }
    }

    public void Acknowledged(TrialId trialId) => _unacked.Acknowledge(trialId);

    /// <summary>A slot's run ended: report how (a finished result is held until acknowledged), then ask for the next trial.</summary>
    public void SlotEnded(SlotEnded ended)
    {
        if (!_slots.End(ended.Slot, ended.TrialId, ended.Attempt))
        {
            return;
        }

        switch (ended.Outcome)
        {
            case SlotOutcome.Finished run:
                Send(_unacked.Add(SlotWork.Finished(ended, run, _settings.Identity)));
                break;
            case SlotOutcome.Failed failed:
                TellCoordinator(new TrialFailed(ended.Slot, ended.TrialId, ended.Attempt, failed.Error));
                break;
            case SlotOutcome.Declined declined:
                _settings.Log($"declined trial {ended.TrialId}: {declined.Reason}");
                TellCoordinator(new TrialDeclined(ended.Slot, ended.TrialId, ended.Attempt, declined.Reason));
                break;
        }

        if (!_stopped)
        {
            TellCoordinator(new RequestWork(ended.Slot));
        }
    }

    public void SlotProgressed(SlotProgressed progressed)
    {
        if (Coordinator is not null && _slots.ShouldForwardProgress(progressed.Slot, progressed.TrialId, Now))
        {
            var p = progressed.Progress;
            _outbox.Tell(Coordinator, new TrialProgressReport(progressed.TrialId, progressed.Attempt, p.Step, p.TotalSteps, p.TrainLoss));
        }
    }

    /// <summary>Periodic: retry registration and re-send results not acknowledged in time; false when the coordinator has been unreachable too long.</summary>
    public bool Tick()
    {
        if (_stopped)
        {
            return true;
        }

        var now = Now;
        switch (_contact.Check(now, registered: Coordinator is not null))
        {
            case ContactAction.Lost:
                return false;
            case ContactAction.Register:
                Register();
                break;
        }

        if (Coordinator is not null)
        {
            foreach (var pending in _unacked.Due(now))
            {
                Send(pending);
            }
        }

        return true;
    }

    public void CoordinatorUnreachable() => _contact.Unreachable(Now);

    public void CoordinatorReachable() => _contact.Reachable();

    /// <summary>Running trials and unacknowledged results belong to a sweep this node can no longer report to: drop them.</summary>
    public void CoordinatorLost(string reason)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = _settings.Exit is not null;
        Coordinator = null;
        _contact.Reachable();
        _unacked.Clear();
        _slots.CancelAll();
        _settings.Log(reason);
        _settings.Exit?.TrySetResult(new WorkerExit(false, reason));
    }

    /// <summary>The actor is stopping: stop the running trials.</summary>
    public void Stop() => _slots.CancelAll();

    private void Send(UnackedResult pending)
    {
        if (Coordinator is null)
        {
            return;
        }

        foreach (var message in pending.Messages)
        {
            _outbox.Tell(Coordinator, message);
        }

        pending.Sent(Now);
    }

    private void TellCoordinator(object message)
    {
        if (Coordinator is not null)
        {
            _outbox.Tell(Coordinator, message);
        }
    }
}

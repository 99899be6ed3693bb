using Sweep.Actors.Workers;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Workers;

/// <summary>The worker's decisions, driven message by message with the coordinator named by a string and a manual clock.</summary>
public class SweepWorkerTests
{
    private static readonly TrialId A = new(1);
    private static readonly TrialResult Result = new(TrialStatus.Completed, [], [], new TrialSummary(), 1);

    private readonly ManualTime _time = new();
    private readonly Outbox _outbox = new();
    private readonly List<string> _log = [];
    private readonly TaskCompletionSource<WorkerExit> _exit = new();

    private SweepWorker<string> Worker(int slots = 2)
    {
        var settings = new WorkerSettings(slots, WorkerIdentity.Of("m1", "10.0.0.1"), "v1", (_, _, _) => Result, _ => null, null, _log.Add, _exit);
        return new SweepWorker<string>(settings, _outbox, actor => "at " + actor, _time);
    }

    private static AssignTrial Assign(int slot, TrialId trialId, int attempt = 1) => new(slot, trialId, attempt, DateTime.MaxValue, new TrialConfig());

    private static SlotEnded Finished(int slot, TrialId trialId, int attempt = 1) =>
        new(slot, trialId, attempt, new SlotOutcome.Finished(Result, ManualTime.Start, ManualTime.Start.AddSeconds(1)));

    private SweepWorker<string> Registered(int slots = 2)
    {
        var worker = Worker(slots);
        worker.Register();
        worker.Accepted("c", new WorkerAccepted("sweep"));
        _outbox.Told.Clear();
        return worker;
    }

    [Fact]
    public void Once_accepted_the_worker_watches_the_coordinator_and_asks_work_for_each_idle_slot()
    {
        var worker = Worker();

        worker.Register();
        worker.Accepted("c", new WorkerAccepted("sweep"));

        Assert.Equal(new RegisterWorker("m1", 2, "v1", Environment.MachineName + "@10.0.0.1"), Assert.Single(_outbox.Registrations));
        Assert.Equal(["c"], _outbox.Watched);
        Assert.Equal([("c", (object)new RequestWork(0)), ("c", new RequestWork(1))], _outbox.Told);
        Assert.Contains("registered 2 slot(s) with the coordinator at at c for sweep sweep", _log);
    }

    [Fact]
    public void An_assigned_trial_starts_on_an_idle_slot_only()
    {
        var worker = Registered();

        worker.Assign(Assign(0, A));
        worker.Assign(Assign(0, new TrialId(2)));
        worker.Assign(Assign(5, new TrialId(3)));

        Assert.Equal(A, Assert.Single(_outbox.Started).Assign.TrialId);
        Assert.Equal(2, _log.Count(l => l.StartsWith("ignored trial", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_finished_result_is_sent_resent_until_acknowledged_and_the_slot_asks_for_more()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));

        worker.SlotEnded(Finished(0, A));
        Assert.Equal(A, Assert.IsType<TrialFinished>(_outbox.Told[0].Message).TrialId);
        Assert.Equal(("c", (object)new RequestWork(0)), _outbox.Told[1]);

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(worker.Tick());
        Assert.Equal(2, _outbox.Told.Count);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        worker.Tick();
        Assert.IsType<TrialFinished>(_outbox.Told[2].Message);

        worker.Acknowledged(A);
        _time.Advance(TimeSpan.FromMinutes(1));
        worker.Tick();
        Assert.Equal(3, _outbox.Told.Count);
    }

    [Fact]
    public void A_stale_end_of_an_earlier_attempt_is_ignored()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A, attempt: 2));

        worker.SlotEnded(Finished(0, A, attempt: 1));

        Assert.Empty(_outbox.Told);
    }

    [Fact]
    public void A_reregistration_resends_what_is_not_acknowledged()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));
        worker.SlotEnded(Finished(0, A));
        _outbox.Told.Clear();

        worker.RegisterAgain();
        worker.Accepted("c2", new WorkerAccepted("sweep"));

        Assert.Equal(2, _outbox.Registrations.Count);
        Assert.Equal(("c2", A), (_outbox.Told[0].To, Assert.IsType<TrialFinished>(_outbox.Told[0].Message).TrialId));
        Assert.Equal(["c", "c2"], _outbox.Watched);
    }

    [Fact]
    public void Failures_and_declines_are_reported_and_the_slot_asks_for_more()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));
        worker.Assign(Assign(1, new TrialId(2)));

        worker.SlotEnded(new SlotEnded(0, A, 1, new SlotOutcome.Failed("boom")));
        worker.SlotEnded(new SlotEnded(1, new TrialId(2), 1, new SlotOutcome.Declined("no data")));

        Assert.Equal(
            [new TrialFailed(0, A, 1, "boom"), new RequestWork(0), new TrialDeclined(1, new TrialId(2), 1, "no data"), new RequestWork(1)],
            _outbox.Told.Select(t => t.Message));
    }

    [Fact]
    public void Progress_is_forwarded_at_most_twice_a_second()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));

        worker.SlotProgressed(new SlotProgressed(0, A, 1, new TrialProgress(1, 10, 0.9)));
        worker.SlotProgressed(new SlotProgressed(0, A, 1, new TrialProgress(2, 10, 0.8)));
        _time.Advance(TimeSpan.FromMilliseconds(500));
        worker.SlotProgressed(new SlotProgressed(0, A, 1, new TrialProgress(3, 10, 0.7)));

        Assert.Equal([1L, 3L], _outbox.Told.Select(t => ((TrialProgressReport)t.Message).Step));
    }

    [Fact]
    public void Unregistered_it_retries_registration_every_two_seconds()
    {
        var worker = Worker();
        worker.Register();

        _time.Advance(TimeSpan.FromSeconds(2));
        worker.Tick();
        Assert.Single(_outbox.Registrations);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        worker.Tick();
        Assert.Equal(2, _outbox.Registrations.Count);
    }

    [Fact]
    public void A_coordinator_unreachable_too_long_is_lost_and_its_sweep_dropped()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));
        worker.Assign(Assign(1, new TrialId(2)));
        worker.SlotEnded(Finished(1, new TrialId(2)));
        worker.CoordinatorUnreachable();

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(worker.Tick());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(worker.Tick());
        worker.CoordinatorLost("gone");

        Assert.True(_outbox.Started[0].Token.IsCancellationRequested);
        Assert.Null(worker.Coordinator);
        Assert.True(worker.Stopped);
        Assert.Equal(new WorkerExit(false, "gone"), _exit.Task.Result);
    }

    [Fact]
    public void A_refused_worker_stops_and_ignores_a_later_acceptance()
    {
        var worker = Worker();
        worker.Register();

        worker.Refused(new WorkerRefused("engine version differs"));
        worker.Accepted("c", new WorkerAccepted("sweep"));

        Assert.Equal(new WorkerExit(true, "engine version differs"), _exit.Task.Result);
        Assert.Empty(_outbox.Told);
        Assert.Empty(_outbox.Watched);
    }

    [Fact]
    public void A_stop_reaches_the_running_trials_control_and_a_rerun_starts_with_the_decided_step()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A));
        worker.Assign(Assign(1, new TrialId(2)) with { StopAtStep = 40 });

        worker.Stop(new StopTrial(A, 60));
        worker.Stop(new StopTrial(new TrialId(9), 10));

        Assert.Equal([60L, 40], _outbox.Controls.Select(c => c.StopAtStep));
    }

    [Fact]
    public void Evaluation_points_of_the_slots_current_trial_go_to_the_coordinator()
    {
        var worker = Registered();
        worker.Assign(Assign(0, A) with { StreamEvaluations = true });
        var point = new EvalPoint(20, 1, 320, 0.1, 0.01, 0.5, 0.6, 0.8, 1, false, 2, 0.001);

        worker.SlotEvaluated(new SlotEvaluated(0, A, 1, 100, point));
        worker.SlotEvaluated(new SlotEvaluated(1, A, 1, 100, point));

        Assert.Equal([("c", (object)new TrialEvaluated(A, 1, 100, point))], _outbox.Told);
    }

    private sealed class Outbox : IWorkerOutbox<string>
    {
        public List<(string To, object Message)> Told { get; } = [];
        public List<string> Watched { get; } = [];
        public List<RegisterWorker> Registrations { get; } = [];
        public List<(AssignTrial Assign, CancellationToken Token)> Started { get; } = [];

        public void Tell(string to, object message) => Told.Add((to, message));

        public void Watch(string coordinator) => Watched.Add(coordinator);

        public void Register(RegisterWorker register) => Registrations.Add(register);

        public TrialControl Start(AssignTrial assign, CancellationToken token)
        {
            Started.Add((assign, token));
            var control = new TrialControl();
            control.StopAt(assign.StopAtStep);
            Controls.Add(control);
            return control;
        }

        public List<TrialControl> Controls { get; } = [];
    }
}

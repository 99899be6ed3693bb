using Sweep.Actors.Coordination;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Writing;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Coordination;

/// <summary>The coordinator's decisions, driven message by message with worker actors named by strings and a manual clock.</summary>
public class SweepCoordinatorTests
{
    private readonly ManualTime _time = new();
    private readonly RecordingObserver _observer = new();
    private readonly Outbox _outbox = new();
    private readonly TaskCompletionSource<SweepSummary> _done = new();

    private SweepCoordinator<string> Coordinator(int trials, TimeSpan? noWorkerTimeout = null)
    {
        var pending = Enumerable.Range(0, trials).Select(i => new PendingTrial(new TrialId((ulong)i), new TrialConfig { Seed = i })).ToList();
        var settings = new CoordinatorSettings(
            "sweep", "/runs/sweep", trials, 0, pending, 2, null, noWorkerTimeout, TimeSpan.FromSeconds(30), "v1", "host:4053", _observer, _done);
        var coordinator = new SweepCoordinator<string>(settings, _outbox, actor => "key:" + actor, _time);
        coordinator.Start();
        return coordinator;
    }

    private static TrialFinished Result(AssignTrial assigned) => new(
        assigned.Slot, assigned.TrialId, assigned.Attempt, TrialStatus.Completed, "m1", "box@10.0.0.1", ManualTime.Start, ManualTime.Start.AddSeconds(2), 2,
        new TrialSummary(), 0, [], []);

    private AssignTrial Assigned(SweepCoordinator<string> coordinator, string worker, int slot)
    {
        coordinator.Request(worker, new RequestWork(slot));
        return Assert.IsType<AssignTrial>(_outbox.Told[^1].Message);
    }

    [Fact]
    public void A_registered_worker_is_accepted_watched_and_given_trials()
    {
        var coordinator = Coordinator(2);

        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: true);
        var assigned = Assigned(coordinator, "w1", 0);

        Assert.Equal(("w1", (object)new WorkerAccepted("sweep")), _outbox.Told[0]);
        Assert.Equal(["w1"], _outbox.Watched);
        Assert.Equal(["worker m1 on box@10.0.0.1 joined with 1 slot(s)"], _observer.Notices);
        Assert.Equal((0, new TrialId(0), 1), (assigned.Slot, assigned.TrialId, assigned.Attempt));
    }

    [Fact]
    public void A_worker_of_another_engine_version_is_refused_with_a_warning()
    {
        var coordinator = Coordinator(1);

        coordinator.Register("w1", new RegisterWorker("m1", 1, "v2"), remote: true);

        var refused = Assert.IsType<WorkerRefused>(Assert.Single(_outbox.Told).Message);
        Assert.Contains("engine version v2 differs from the coordinator's v1", refused.Reason);
        Assert.Contains("refused worker m1", Assert.Single(_observer.Messages));
        Assert.Empty(_outbox.Watched);
    }

    [Fact]
    public void An_unknown_worker_asking_for_work_is_told_to_register_again()
    {
        var coordinator = Coordinator(1);

        coordinator.Request("w1", new RequestWork(0));

        Assert.Equal(("w1", (object)RegisterAgain.Instance), Assert.Single(_outbox.Told));
    }

    [Fact]
    public void A_result_is_written_once_and_acknowledged_to_every_sender_only_once_durable()
    {
        var coordinator = Coordinator(1);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);
        var result = Result(Assigned(coordinator, "w1", 0));

        coordinator.Finished("w1", result);
        coordinator.Finished("w1", result);
        var write = Assert.Single(_outbox.Written);
        Assert.DoesNotContain(_outbox.Told, t => t.Message is TrialFinishedAck);
        Assert.False(_done.Task.IsCompleted);

        coordinator.Committed([write.Record]);

        Assert.True(write.NothingElsePending);
        Assert.Equal(2, _outbox.Told.Count(t => t is ("w1", TrialFinishedAck)));
        Assert.Single(_observer.Finished);
        Assert.True(_outbox.TimersStopped);
        Assert.Equal((1L, 0L, 0L, false), (_done.Task.Result.Completed, _done.Task.Result.Failed, _done.Task.Result.Diverged, _done.Task.Result.Cancelled));
    }

    [Fact]
    public void A_result_already_durable_is_acknowledged_at_once_and_not_written_again()
    {
        var coordinator = Coordinator(2);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);
        var result = Result(Assigned(coordinator, "w1", 0));
        coordinator.Finished("w1", result);
        coordinator.Committed([_outbox.Written[0].Record]);

        coordinator.Finished("w1", result);

        Assert.Single(_outbox.Written);
        Assert.Equal(2, _outbox.Told.Count(t => t is ("w1", TrialFinishedAck)));
        Assert.Single(_observer.Finished);
    }

    [Fact]
    public void Progress_counts_only_what_was_committed_and_shows_running_trials()
    {
        var coordinator = Coordinator(3);
        coordinator.Register("w1", new RegisterWorker("m1", 2, "v1"), remote: false);
        var first = Assigned(coordinator, "w1", 0);
        var second = Assigned(coordinator, "w1", 1);
        coordinator.Progress(new TrialProgressReport(second.TrialId, 1, 30, 100, 0.75));
        coordinator.Finished("w1", Result(first));

        _time.Advance(TimeSpan.FromMinutes(1));
        coordinator.Tick();
        var beforeCommit = _observer.Progress.Last();
        coordinator.Committed([_outbox.Written[0].Record]);
        coordinator.Tick();
        var afterCommit = _observer.Progress.Last();

        Assert.Equal((0L, 1, 1L), (beforeCommit.Completed, beforeCommit.Running, beforeCommit.Queued));
        Assert.Equal((1L, 1, 1L), (afterCommit.Completed, afterCommit.Running, afterCommit.Queued));
        Assert.Equal(1, afterCommit.TrialsPerMinute, 12);
        Assert.Equal(TimeSpan.FromMinutes(2), afterCommit.Eta);
        var running = Assert.Single(Assert.Single(afterCommit.Workers).RunningTrials);
        Assert.Equal(new RunningTrial(second.TrialId, 30, 100, 0.75), running);
    }

    [Fact]
    public void With_no_worker_for_the_timeout_the_sweep_fails_after_one_warning()
    {
        var coordinator = Coordinator(1, noWorkerTimeout: TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(5));
        coordinator.Tick();
        Assert.Empty(_observer.Messages);
        _time.Advance(TimeSpan.FromSeconds(1));
        coordinator.Tick();
        _time.Advance(TimeSpan.FromSeconds(24));
        coordinator.Tick();
        Assert.False(_done.Task.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        coordinator.Tick();

        Assert.Contains("no workers connected; waiting for workers to join at host:4053", Assert.Single(_observer.Messages));
        var error = Assert.IsType<TimeoutException>(_done.Task.Exception!.InnerException);
        Assert.Contains("no worker connected for 30 s", error.Message);
    }

    [Fact]
    public void A_connected_worker_keeps_the_watchdog_quiet()
    {
        var coordinator = Coordinator(1, noWorkerTimeout: TimeSpan.FromSeconds(30));
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);

        _time.Advance(TimeSpan.FromMinutes(5));
        coordinator.Tick();

        Assert.Empty(_observer.Messages);
        Assert.False(_done.Task.IsCompleted);
    }

    [Fact]
    public void Cancelling_cancels_running_trials_and_ends_once_nothing_is_pending()
    {
        var coordinator = Coordinator(3);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);
        var assigned = Assigned(coordinator, "w1", 0);

        coordinator.Cancel();
        coordinator.Request("w1", new RequestWork(0));

        Assert.Equal(("w1", (object)new CancelTrial(assigned.TrialId)), _outbox.Told[^1]);
        Assert.True(_done.Task.Result.Cancelled);
    }

    [Fact]
    public void A_result_arriving_after_a_stop_ended_the_sweep_is_not_written_so_the_summary_counts_every_durable_trial()
    {
        // The Ctrl+C race: the worker's second trial finishes just as the stop reaches it, and its result arrives
        // after the coordinator, with nothing pending, ended the sweep and returned its summary.
        var coordinator = Coordinator(3);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);
        coordinator.Finished("w1", Result(Assigned(coordinator, "w1", 0)));
        coordinator.Committed([_outbox.Written[0].Record]);
        var second = Assigned(coordinator, "w1", 0);

        coordinator.Cancel();
        var summary = _done.Task.Result;
        coordinator.Finished("w1", Result(second));
        coordinator.Failed("w1", new TrialFailed(0, second.TrialId, 1, "cancelled"));
        // Whatever reached the writer becomes durable, as the writer actor would make it.
        coordinator.Committed(_outbox.Written.Select(w => w.Record).ToList());

        Assert.Equal(_outbox.Written.Count, summary.Completed + summary.Diverged + summary.Failed);
        Assert.Equal(1, summary.Completed);
        Assert.True(summary.Cancelled);
        Assert.DoesNotContain(_outbox.Told, t => t.Message is TrialFinishedAck ack && ack.TrialId == second.TrialId);
    }

    [Fact]
    public void A_lost_worker_has_its_trial_requeued_and_idle_workers_told()
    {
        var coordinator = Coordinator(1);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: false);
        coordinator.Register("w2", new RegisterWorker("m2", 1, "v1"), remote: false);
        var assigned = Assigned(coordinator, "w1", 0);

        coordinator.LoseNode("w1", "unreachable", unexpected: true);

        Assert.Equal(["w1"], _outbox.Unwatched);
        Assert.Contains("worker m1 lost (unreachable); 1 running trial(s) re-queued", Assert.Single(_observer.Messages));
        Assert.Equal(("w2", (object)WorkAvailable.Instance), _outbox.Told[^1]);
        var reassigned = Assigned(coordinator, "w2", 0);
        Assert.Equal((assigned.TrialId, 2), (reassigned.TrialId, reassigned.Attempt));
    }

    [Fact]
    public void A_trial_that_fails_its_last_attempt_is_published_as_failed_on_that_worker()
    {
        var coordinator = Coordinator(1);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);

        coordinator.Failed("w1", new TrialFailed(0, Assigned(coordinator, "w1", 0).TrialId, 1, "first"));
        coordinator.Failed("w1", new TrialFailed(0, Assigned(coordinator, "w1", 0).TrialId, 2, "second"));
        coordinator.Committed([Assert.Single(_outbox.Written).Record]);

        var record = _outbox.Written[0].Record;
        Assert.Equal((TrialStatus.Failed, "second (attempt 2 of 2)", 2), (record.Status, record.Error, record.Attempts));
        Assert.Equal(("m1", "box@10.0.0.1"), (record.Worker, record.WorkerHost));
        Assert.Equal((1L, "second (attempt 2 of 2)"), (_done.Task.Result.Failed, _done.Task.Result.FirstError));
    }

    [Fact]
    public void A_trial_given_up_when_its_worker_is_lost_names_that_worker()
    {
        var coordinator = Coordinator(1);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);
        coordinator.Failed("w1", new TrialFailed(0, Assigned(coordinator, "w1", 0).TrialId, 1, "first"));
        Assigned(coordinator, "w1", 0);

        coordinator.LoseNode("w1", "unreachable", unexpected: true);

        var record = Assert.Single(_outbox.Written).Record;
        Assert.Equal((TrialStatus.Failed, "m1", "box@10.0.0.1"), (record.Status, record.Worker, record.WorkerHost));
        Assert.Contains("was lost while running it", record.Error);
    }

    /// <summary>
    /// A worker restarted under its --name registers from a new actor before the cluster has given up the old one: both
    /// are accepted, the coordinator says so once, and results of the new one carry the same worker name.
    /// </summary>
    [Fact]
    public void A_worker_restarted_under_its_name_is_accepted_with_a_warning_and_keeps_its_name()
    {
        var coordinator = Coordinator(1);
        coordinator.Register("old", new RegisterWorker("gpu-box#1", 1, "v1", "gpu-box@10.0.0.7"), remote: true);

        coordinator.Register("new", new RegisterWorker("gpu-box#1", 1, "v1", "gpu-box@10.0.0.7"), remote: true);
        var assigned = Assigned(coordinator, "new", 0);
        coordinator.Finished("new", Result(assigned) with { Worker = "gpu-box#1", WorkerHost = "gpu-box@10.0.0.7" });

        Assert.Equal(2, _outbox.Told.Count(t => t.Message is WorkerAccepted));
        Assert.Contains("worker gpu-box#1 joined again on gpu-box@10.0.0.7", Assert.Single(_observer.Messages));
        var record = Assert.Single(_outbox.Written).Record;
        Assert.Equal(("gpu-box#1", "gpu-box@10.0.0.7"), (record.Worker, record.WorkerHost));
    }

    [Fact]
    public void An_observer_that_throws_is_reported_and_the_sweep_goes_on()
    {
        var pending = new List<PendingTrial> { new(new TrialId(1), new TrialConfig()) };
        var settings = new CoordinatorSettings(
            "sweep", "/runs/sweep", 1, 0, pending, 2, null, null, TimeSpan.FromSeconds(30), "v1", "host:4053", new ThrowingObserver(), _done);
        var coordinator = new SweepCoordinator<string>(settings, _outbox, actor => actor, _time);
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1"), remote: true);

        coordinator.Finished("w1", Result(Assigned(coordinator, "w1", 0)));
        coordinator.Committed([_outbox.Written[0].Record]);

        // The join notice, the finished trial and the final progress each threw.
        Assert.Equal(3, _outbox.ObserverErrors.Count);
        Assert.Equal(1, _done.Task.Result.Completed);
    }

    private sealed class Outbox : ICoordinatorOutbox<string>
    {
        public List<(string To, object Message)> Told { get; } = [];
        public List<string> Watched { get; } = [];
        public List<string> Unwatched { get; } = [];
        public List<WriteTrial> Written { get; } = [];
        public List<Exception> ObserverErrors { get; } = [];
        public bool TimersStopped { get; private set; }

        public void Tell(string to, object message) => Told.Add((to, message));

        public void Watch(string node) => Watched.Add(node);

        public void Unwatch(string node) => Unwatched.Add(node);

        public void Write(WriteTrial write) => Written.Add(write);

        public void ObserverThrew(Exception error) => ObserverErrors.Add(error);

        public void Ended() => TimersStopped = true;
    }

    private sealed class ThrowingObserver : ISweepObserver
    {
        public void OnTrialFinished(Sweep.Results.TrialRecord record) => throw new InvalidOperationException("observer broke");

        public void OnProgress(SweepProgress progress) => throw new InvalidOperationException("observer broke");

        public void OnMessage(string message) => throw new InvalidOperationException("observer broke");

        public void OnNotice(string notice) => throw new InvalidOperationException("observer broke");
    }
}

using Sweep.Actors.Coordination;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Actors.Writing;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Coordination;

/// <summary>The coordinator's side of adaptive stopping, message by message: evaluation points in, stop requests out, decisions kept for re-runs.</summary>
public class SweepCoordinatorStoppingTests
{
    private readonly ManualTime _time = new();
    private readonly RecordingObserver _observer = new();
    private readonly List<(string To, object Message)> _told = [];
    private readonly List<WriteTrial> _written = [];
    private readonly TaskCompletionSource<SweepSummary> _done = new();

    /// <summary>Three configurations (learning rates 0.3, 0.2, 0.1), one seed, 100 steps; ASHA with eta 2 and a first rung at 20.</summary>
    private SweepCoordinator<string> Coordinator()
    {
        var pending = new[] { 0.3, 0.2, 0.1 }
            .Select(lr => new TrialConfig { Lr = lr, Steps = 100, Epochs = 0 })
            .Select(config => new PendingTrial(TrialId.Of(config), config))
            .ToList();
        var asha = new StoppingSettings(StopRuleKind.Asha, "train_loss", 2, 20);
        var settings = new CoordinatorSettings(
            "sweep", "/runs/sweep", 3, 0, pending, 2, null, null, TimeSpan.FromSeconds(30), "v1", "host:4053", _observer, _done,
            StoppingDecider.Over(asha, new AshaRule(new StopMetric("train_loss"), 2, 20)));
        var coordinator = new SweepCoordinator<string>(settings, new Outbox(_told, _written), actor => "key:" + actor, _time);
        coordinator.Start();
        return coordinator;
    }

    private AssignTrial Assigned(SweepCoordinator<string> coordinator, string worker)
    {
        coordinator.Request(worker, new RequestWork(0));
        return Assert.IsType<AssignTrial>(_told[^1].Message);
    }

    private static EvalPoint Point(long step, double loss) => new(step, 1, step, 0, 0.01, loss, double.NaN, double.NaN, 1, false, 1, 0);

    private static TrialFinished Result(AssignTrial assigned, TrialStatus status, long steps) => new(
        assigned.Slot, assigned.TrialId, assigned.Attempt, status, "m1", "box@10.0.0.1", ManualTime.Start, ManualTime.Start.AddSeconds(1), 1,
        new TrialSummary { StepsRun = steps }, 0, [Point(steps, 0.5)], []);

    /// <summary>Runs an assignment to the end with a loss at the rung, and commits it.</summary>
    private void RunToEnd(SweepCoordinator<string> coordinator, AssignTrial assigned, double loss)
    {
        coordinator.Evaluated("w1", new TrialEvaluated(assigned.TrialId, assigned.Attempt, 100, Point(20, loss)));
        coordinator.Finished("w1", Result(assigned, TrialStatus.Completed, 100));
        coordinator.Committed([_written[^1].Record]);
    }

    [Fact]
    public void A_stop_decided_for_a_lost_workers_trial_is_carried_by_its_rerun_and_the_pruned_trial_is_committed_with_its_rule()
    {
        var coordinator = Coordinator();
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);
        var first = Assigned(coordinator, "w1");
        Assert.True(first.StreamEvaluations);
        Assert.Equal(long.MaxValue, first.StopAtStep);
        RunToEnd(coordinator, first, 0.2);
        RunToEnd(coordinator, Assigned(coordinator, "w1"), 0.3);
        var third = Assigned(coordinator, "w1");

        coordinator.Evaluated("w1", new TrialEvaluated(third.TrialId, 1, 100, Point(20, 0.9)));
        Assert.Equal(("w1", (object)new StopTrial(third.TrialId, 20)), _told[^1]);
        coordinator.LoseNode("w1", "unreachable", unexpected: true);
        coordinator.Register("w2", new RegisterWorker("m2", 1, "v1", "box@10.0.0.2"), remote: false);
        var rerun = Assigned(coordinator, "w2");

        Assert.Equal((third.TrialId, 2, 20L), (rerun.TrialId, rerun.Attempt, rerun.StopAtStep));
        coordinator.Finished("w2", Result(rerun, TrialStatus.Pruned, 20));
        var record = _written[^1].Record;
        Assert.Equal((TrialStatus.Pruned, "asha"), (record.Status, record.StopRule));
        Assert.Contains("rung 1 at step 20", record.StopReason, StringComparison.Ordinal);
        coordinator.Committed([record]);
        Assert.Equal((2L, 1L, 80L), (_done.Task.Result.Completed, _done.Task.Result.Pruned, _done.Task.Result.StepsSaved));
    }

    [Fact]
    public void A_trial_held_at_a_rung_is_answered_with_a_stop_or_a_continue_and_its_assignment_names_the_rungs()
    {
        var coordinator = Coordinator();
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);
        var first = Assigned(coordinator, "w1");
        Assert.Equal(new RungSchedule(20, 2), first.HoldAt);

        // Nothing is cut before eta (2) other configurations are at the rung: the held trial is told to train on.
        coordinator.Evaluated("w1", new TrialEvaluated(first.TrialId, 1, 100, Point(20, 0.2), AwaitsVerdict: true));
        Assert.Equal(("w1", (object)new ContinueTrial(first.TrialId, 20)), _told[^1]);
        coordinator.Finished("w1", Result(first, TrialStatus.Completed, 100));
        coordinator.Committed([_written[^1].Record]);
        RunToEnd(coordinator, Assigned(coordinator, "w1"), 0.3);
        var third = Assigned(coordinator, "w1");
        int told = _told.Count;

        // A point not held gets no answer unless a stop is decided; a held one worse than the cut is stopped there.
        coordinator.Evaluated("w1", new TrialEvaluated(third.TrialId, 1, 100, Point(10, 0.9)));
        Assert.Equal(told, _told.Count);
        coordinator.Evaluated("w1", new TrialEvaluated(third.TrialId, 1, 100, Point(20, 0.9), AwaitsVerdict: true));
        Assert.Equal(("w1", (object)new StopTrial(third.TrialId, 20)), _told[^1]);

        // The same point again, held (a re-run attempt): the decision already taken is repeated.
        coordinator.Evaluated("w1", new TrialEvaluated(third.TrialId, 2, 100, Point(20, 0.9), AwaitsVerdict: true));
        Assert.Equal(("w1", (object)new StopTrial(third.TrialId, 20)), _told[^1]);
    }

    [Fact]
    public void A_trial_that_completes_before_its_stop_arrives_is_committed_as_it_finished()
    {
        var coordinator = Coordinator();
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);
        RunToEnd(coordinator, Assigned(coordinator, "w1"), 0.2);
        RunToEnd(coordinator, Assigned(coordinator, "w1"), 0.3);
        var third = Assigned(coordinator, "w1");
        coordinator.Evaluated("w1", new TrialEvaluated(third.TrialId, 1, 100, Point(20, 0.9)));

        coordinator.Finished("w1", Result(third, TrialStatus.Completed, 100));

        var record = _written[^1].Record;
        Assert.Equal((TrialStatus.Completed, null, null), (record.Status, record.StopRule, record.StopReason));
    }

    /// <summary>
    /// Four configurations (learning rates 0.4 to 0.1; the loss at every point is the learning rate, so 0.1 is best), one
    /// seed, 40 steps; asha in sync mode with eta 2 from step 10: rungs 10 and 20. Expected by hand, as
    /// <see cref="Scheduling.Stopping.SyncRungsTests"/>: 0.4 and 0.3 pruned at 10, 0.2 at 20 after re-running 10,
    /// 0.1 completes after re-running 10 + 20. Steps saved: 30 + 30 + 20 - (10 + 30) = 40.
    /// </summary>
    private SweepCoordinator<string> SyncCoordinator()
    {
        var pending = new[] { 0.4, 0.3, 0.2, 0.1 }
            .Select(lr => new TrialConfig { Lr = lr, Steps = 40, Epochs = 0 })
            .Select(config => new PendingTrial(TrialId.Of(config), config))
            .ToList();
        var sync = new StoppingSettings(StopRuleKind.Asha, "train_loss", 2, 10, RungMode.Sync);
        var settings = new CoordinatorSettings(
            "sweep", "/runs/sweep", 4, 0, pending, 2, null, null, TimeSpan.FromSeconds(30), "v1", "host:4053", _observer, _done,
            Sync: new SyncRungs(sync, pending, new Dictionary<TrialId, IReadOnlyList<EvalPoint>>()));
        var coordinator = new SweepCoordinator<string>(settings, new Outbox(_told, _written), actor => "key:" + actor, _time);
        coordinator.Start();
        return coordinator;
    }

    /// <summary>A run of <paramref name="assigned"/> to <paramref name="steps"/>: a point every 10 steps, each at the trial's learning rate.</summary>
    private static TrialFinished RunTo(AssignTrial assigned, TrialStatus status, long steps) => Result(assigned, status, steps) with
    {
        Curve = [.. Enumerable.Range(1, (int)(steps / 10)).Select(k => Point(k * 10, assigned.Config.Lr))],
    };

    /// <summary>Asserts the last message told <paramref name="worker"/> acknowledges <paramref name="trial"/>.</summary>
    private void AssertAcknowledged(string worker, TrialId trial) => Assert.Equal((worker, (object)new TrialFinishedAck(trial)), _told[^1]);

    [Fact]
    public void Sync_mode_holds_rung_results_reruns_the_promoted_from_step_0_and_commits_every_trial_once()
    {
        var coordinator = SyncCoordinator();
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);

        // Rung 10: every trial runs to 10 and is held (acknowledged at once, nothing written) until the fourth.
        for (int i = 0; i < 4; i++)
        {
            var assigned = Assigned(coordinator, "w1");
            Assert.Equal((10L, false, 1), (assigned.StopAtStep, assigned.StreamEvaluations, assigned.Attempt));
            Assert.Empty(_written);
            coordinator.Finished("w1", RunTo(assigned, TrialStatus.Pruned, 10));
            if (i < 3)
            {
                AssertAcknowledged("w1", assigned.TrialId);
            }
        }

        Assert.Equal([0.3, 0.4], _written.Select(w => w.Record.Config.Lr).Order());
        Assert.All(_written.Select(w => w.Record), r =>
        {
            Assert.Equal((TrialStatus.Pruned, "asha", 10L, 0L), (r.Status, r.StopRule, r.Summary.StepsRun, r.StepsRerun));
            Assert.Contains("rung 1 at step 10 (sync)", r.StopReason, StringComparison.Ordinal);
            Assert.Equal(10, r.Curve[^1].Step);
        });

        // Rung 20: the promoted run again from step 0, a fresh assignment that stops at 20. A late copy of a rung-10 run is dropped.
        var first = Assigned(coordinator, "w1");
        Assert.Equal((20L, 1), (first.StopAtStep, first.Attempt));
        coordinator.Finished("w1", RunTo(first, TrialStatus.Pruned, 10));
        AssertAcknowledged("w1", first.TrialId);
        Assert.Equal(2, _written.Count);
        coordinator.Finished("w1", RunTo(first, TrialStatus.Pruned, 20));
        AssertAcknowledged("w1", first.TrialId);
        var second = Assigned(coordinator, "w1");
        Assert.Equal(20L, second.StopAtStep);
        coordinator.Finished("w1", RunTo(second, TrialStatus.Pruned, 20));
        var prunedAt20 = _written[^1].Record;
        Assert.Equal((0.2, TrialStatus.Pruned, 20L, 10L), (prunedAt20.Config.Lr, prunedAt20.Status, prunedAt20.Summary.StepsRun, prunedAt20.StepsRerun));
        Assert.Contains("rung 2 at step 20 (sync)", prunedAt20.StopReason, StringComparison.Ordinal);

        // Past the last rung: the whole budget, committed at once with its re-run steps.
        var last = Assigned(coordinator, "w1");
        Assert.Equal((0.1, long.MaxValue), (last.Config.Lr, last.StopAtStep));
        coordinator.Finished("w1", RunTo(last, TrialStatus.Completed, 40));
        var winner = _written[^1].Record;
        Assert.Equal((TrialStatus.Completed, 40L, 30L, (string?)null), (winner.Status, winner.Summary.StepsRun, winner.StepsRerun, winner.StopRule));

        Assert.Equal(4, _written.Select(w => w.Record.TrialId).Distinct().Count());
        Assert.Equal(4, _written.Count);
        Assert.False(_done.Task.IsCompleted);
        coordinator.Committed([.. _written.Select(w => w.Record)]);
        var summary = _done.Task.Result;
        Assert.Equal((1L, 3L, 40L), (summary.Completed, summary.Pruned, summary.StepsSaved));
    }

    [Fact]
    public void Sync_mode_a_trial_given_up_at_a_rung_decides_it_for_the_others()
    {
        var coordinator = SyncCoordinator();
        coordinator.Register("w1", new RegisterWorker("m1", 1, "v1", "box@10.0.0.1"), remote: false);
        for (int i = 0; i < 3; i++)
        {
            var assigned = Assigned(coordinator, "w1");
            coordinator.Finished("w1", RunTo(assigned, TrialStatus.Pruned, 10));
        }

        // The fourth fails twice (max attempts 2): given up, it leaves the race and the three others are decided (keep 1).
        var doomed = Assigned(coordinator, "w1");
        coordinator.Failed("w1", new TrialFailed(0, doomed.TrialId, 1, "boom"));
        coordinator.Failed("w1", new TrialFailed(0, Assigned(coordinator, "w1").TrialId, 2, "boom"));

        Assert.Equal(3, _written.Count);
        Assert.Single(_written, w => w.Record.Status == TrialStatus.Failed && w.Record.TrialId == doomed.TrialId);
        Assert.Equal(2, _written.Count(w => w.Record.Status == TrialStatus.Pruned));
        var promoted = Assigned(coordinator, "w1");
        Assert.Equal(20L, promoted.StopAtStep);
        Assert.DoesNotContain(_written, w => w.Record.TrialId == promoted.TrialId);
    }

    private sealed class Outbox(List<(string To, object Message)> told, List<WriteTrial> written) : ICoordinatorOutbox<string>
    {
        public void Tell(string to, object message) => told.Add((to, message));

        public void Watch(string node)
        {
        }

        public void Unwatch(string node)
        {
        }

        public void Write(WriteTrial write) => written.Add(write);

        public void ObserverThrew(Exception error) => throw error;

        public void Ended()
        {
        }
    }
}

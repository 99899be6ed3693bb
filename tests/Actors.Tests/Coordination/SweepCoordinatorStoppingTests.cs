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

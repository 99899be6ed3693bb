using Sweep.Actors.Workers;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Workers;

public class SlotWorkTests
{
    private static readonly TrialId Id = new(3);
    private static readonly TrialResult Result = new(TrialStatus.Completed, [], [], new TrialSummary { FinalTrainLoss = 0.5 }, 1);

    private static WorkerSettings Settings(TrialRunner runner, DatasetCheck? check = null) =>
        new(1, WorkerIdentity.Of("m1", "10.0.0.1"), "v1", runner, check ?? (_ => null), null, _ => { }, null);

    private static SlotEnded Run(WorkerSettings settings, CancellationToken token = default, Action<TrialProgress>? report = null) =>
        SlotWork.Run(settings, 0, Id, 2, new TrialConfig(), token, new TrialControl(report ?? (_ => { })));

    [Fact]
    public void A_trial_that_trains_ends_finished_with_its_result_and_its_progress_passed_on()
    {
        var reported = new List<TrialProgress>();
        var settings = Settings((_, _, progress) =>
        {
            progress.Report(new TrialProgress(5, 10, 0.7));
            return Result;
        });

        var ended = Run(settings, report: reported.Add);

        Assert.Equal((0, Id, 2), (ended.Slot, ended.TrialId, ended.Attempt));
        Assert.Same(Result, Assert.IsType<SlotOutcome.Finished>(ended.Outcome).Result);
        Assert.Equal([new TrialProgress(5, 10, 0.7)], reported);
    }

    [Fact]
    public void A_trial_whose_dataset_is_missing_is_declined_without_training()
    {
        var settings = Settings((_, _, _) => throw new InvalidOperationException("must not train"), _ => "file /data/x.csv not found");

        var ended = Run(settings);

        Assert.Equal(new SlotOutcome.Declined("file /data/x.csv not found"), ended.Outcome);
    }

    [Fact]
    public void A_cancelled_trial_ends_cancelled_but_a_stray_cancellation_is_a_failure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var settings = Settings((_, token, _) => throw new OperationCanceledException(token));

        Assert.IsType<SlotOutcome.Cancelled>(Run(settings, cancelled.Token).Outcome);
        Assert.IsType<SlotOutcome.Failed>(Run(settings, CancellationToken.None).Outcome);
    }

    [Fact]
    public void A_trial_that_throws_fails_with_the_exception_type_and_message()
    {
        var settings = Settings((_, _, _) => throw new InvalidOperationException("boom"));

        Assert.Equal(new SlotOutcome.Failed("InvalidOperationException: boom"), Run(settings).Outcome);
    }

    [Fact]
    public void A_finished_run_becomes_one_whole_result_message_with_its_duration()
    {
        var run = new SlotOutcome.Finished(Result, ManualTime.Start, ManualTime.Start.AddSeconds(90));

        var finished = SlotWork.Finished(new SlotEnded(1, Id, 2, run), run, WorkerIdentity.Of("m1", "10.0.0.1"));

        Assert.Equal((1, Id, 2, TrialStatus.Completed), (finished.Slot, finished.TrialId, finished.Attempt, finished.Status));
        Assert.Equal(("m1", Environment.MachineName + "@10.0.0.1"), (finished.Worker, finished.WorkerHost));
        Assert.Equal((90.0, 0, 0.5), (finished.DurationSeconds, finished.PartsBefore, finished.Summary.FinalTrainLoss));
    }
}

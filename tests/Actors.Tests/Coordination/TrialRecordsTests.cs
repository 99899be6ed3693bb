using Sweep.Actors.Coordination;
using Sweep.Actors.Scheduling;
using Sweep.Actors.Tests.Protocol;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Coordination;

public class TrialRecordsTests
{
    private static readonly TrialConfig Config = new() { Seed = 7 };

    [Fact]
    public void A_finished_result_keeps_the_worker_fields_and_takes_config_and_attempts_from_scheduling()
    {
        var finished = new TrialFinished(
            1, new TrialId(5), 2, TrialStatus.Diverged, "m#12", "m@10.0.0.2", ManualTime.Start, ManualTime.Start.AddSeconds(3), 3,
            new TrialSummary { FinalTrainLoss = 0.25 }, 0, SampleMessages.Curve(2), SampleMessages.Layers(1));

        var record = TrialRecords.Finished("s", finished, new CompletionOutcome(CompletionKind.Accepted, Config, 2), finished.Curve, finished.Layers);

        Assert.Equal(("s", new TrialId(5), Config, TrialStatus.Diverged, (string?)null, 2), (record.SweepId, record.TrialId, record.Config, record.Status, record.Error, record.Attempts));
        Assert.Equal(("m#12", "m@10.0.0.2", 3.0, 0.25), (record.Worker, record.WorkerHost, record.DurationSeconds, record.Summary.FinalTrainLoss));
        Assert.Equal(("m#12", "m@10.0.0.2"), (record.ToRow().Worker, record.ToRow().WorkerHost));
        Assert.Equal(finished.Curve, record.Curve);
        Assert.Equal(finished.Layers, record.Layers);
    }

    [Fact]
    public void A_trial_given_up_is_failed_with_its_error_on_the_worker_of_its_last_attempt_and_no_points()
    {
        var worker = WorkerIdentity.Received("m#12", "m@10.0.0.2");

        var record = TrialRecords.GaveUp("s", new TrialGaveUp(new TrialId(5), Config, 2, "boom"), worker, ManualTime.Start);

        Assert.Equal((TrialStatus.Failed, "boom", 2, "m#12", "m@10.0.0.2"), (record.Status, record.Error, record.Attempts, record.Worker, record.WorkerHost));
        Assert.Equal((ManualTime.Start, ManualTime.Start, 0.0), (record.StartedAt, record.FinishedAt, record.DurationSeconds));
        Assert.Empty(record.Curve);
        Assert.Empty(record.Layers);
    }
}

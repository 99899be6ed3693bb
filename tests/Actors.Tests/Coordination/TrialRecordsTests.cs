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
            1, new TrialId(5), 2, TrialStatus.Diverged, "m", ManualTime.Start, ManualTime.Start.AddSeconds(3), 3,
            new TrialSummary { FinalTrainLoss = 0.25 }, 0, SampleMessages.Curve(2), SampleMessages.Layers(1));

        var record = TrialRecords.Finished("s", finished, new CompletionOutcome(CompletionKind.Accepted, Config, 2), finished.Curve, finished.Layers);

        Assert.Equal(("s", new TrialId(5), Config, TrialStatus.Diverged, (string?)null, 2), (record.SweepId, record.TrialId, record.Config, record.Status, record.Error, record.Attempts));
        Assert.Equal(("m", 3.0, 0.25), (record.WorkerHost, record.DurationSeconds, record.Summary.FinalTrainLoss));
        Assert.Equal(finished.Curve, record.Curve);
        Assert.Equal(finished.Layers, record.Layers);
    }

    [Fact]
    public void A_trial_given_up_is_failed_with_its_error_and_no_points()
    {
        var record = TrialRecords.GaveUp("s", new TrialGaveUp(new TrialId(5), Config, 2, "boom"), "m", ManualTime.Start);

        Assert.Equal((TrialStatus.Failed, "boom", 2, "m"), (record.Status, record.Error, record.Attempts, record.WorkerHost));
        Assert.Equal((ManualTime.Start, ManualTime.Start, 0.0), (record.StartedAt, record.FinishedAt, record.DurationSeconds));
        Assert.Empty(record.Curve);
        Assert.Empty(record.Layers);
    }
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Tests;

public class PrunedStepsTests
{
    private static TrialRow Row(TrialConfig config, TrialStatus status, long stepsRun) => new(
        "sweep", TrialId.Of(config), config, status, null, 1, "host", DateTime.UnixEpoch, DateTime.UnixEpoch, 0,
        new TrialSummary { StepsRun = stepsRun });

    [Fact]
    public void A_step_budget_saves_the_steps_a_pruned_trial_did_not_run()
    {
        var steps = new TrialConfig { Steps = 500, Epochs = 0 };

        long saved = PrunedSteps.Saved([
            Row(steps with { Lr = 0.1 }, TrialStatus.Completed, 500),
            Row(steps with { Lr = 0.2 }, TrialStatus.Pruned, 120),
            Row(steps with { Lr = 0.3 }, TrialStatus.Pruned, 40),
            Row(steps with { Lr = 0.4 }, TrialStatus.Failed, 0),
        ]);

        Assert.Equal(380 + 460, saved);
    }

    [Fact]
    public void An_epoch_budget_is_read_from_completed_trials_of_the_same_data_and_batch_size()
    {
        var epochs = new TrialConfig { Epochs = 4, BatchSize = 32 };

        long saved = PrunedSteps.Saved([
            Row(epochs with { Lr = 0.1 }, TrialStatus.Completed, 300),
            Row(epochs with { Lr = 0.2 }, TrialStatus.Pruned, 100),
            Row(epochs with { Lr = 0.3, BatchSize = 64 }, TrialStatus.Pruned, 50),
        ]);

        Assert.Equal(200, saved);
    }

    [Fact]
    public void Steps_trained_again_by_the_synchronous_mode_count_against_the_savings()
    {
        var steps = new TrialConfig { Steps = 40, Epochs = 0 };

        // As the sync replay by hand: two pruned at 10, one at 20 after re-running 10, the winner re-ran 10 + 20.
        long saved = PrunedSteps.Saved([
            Row(steps with { Lr = 0.1 }, TrialStatus.Completed, 40) with { StepsRerun = 30 },
            Row(steps with { Lr = 0.2 }, TrialStatus.Pruned, 20) with { StepsRerun = 10 },
            Row(steps with { Lr = 0.3 }, TrialStatus.Pruned, 10),
            Row(steps with { Lr = 0.4 }, TrialStatus.Pruned, 10),
        ]);

        Assert.Equal(30 + 30 + 20 - 40, saved);
    }
}

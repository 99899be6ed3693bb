using Sweep.Engine.Config;
using Sweep.Engine.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public class TrialControlTests
{
    // 96 rows / 16 = 6 steps per epoch, 18 steps: points at 4, 6, 8, 12, 16, 18
    private static readonly TrialConfig Base = new()
    {
        Depth = 2, Width = 16, Optimizer = "adam", Lr = 0.01, BatchSize = 16, Epochs = 3, EvalEvery = 4, Seed = 11,
    };

    [Fact]
    public void A_stop_request_ends_the_trial_at_the_first_point_at_or_after_the_step_as_pruned_with_the_same_bits()
    {
        var data = TestDatasets.Blobs();
        var full = Trainer.Run(Base, data);
        var control = new TrialControl();
        control.StopAt(7);

        var pruned = Trainer.Run(Base, data, control);

        Assert.Equal(TrialStatus.Pruned, pruned.Status);
        Assert.Equal([4L, 6, 8], pruned.Curve.Select(p => p.Step));
        Assert.Equal(8, pruned.Summary.StepsRun);
        Assert.Equal(8 * 16, pruned.Summary.ExamplesSeen);
        Assert.Equal(pruned.Curve.Count * 3, pruned.Layers.Count);
        Assert.Equal(full.Curve.Take(3).Select(p => p.TrainLoss), pruned.Curve.Select(p => p.TrainLoss));
        Assert.Equal(full.Curve[2].ValLoss, pruned.Summary.FinalValLoss);
    }

    [Fact]
    public void Every_point_is_handed_on_with_the_budget_and_a_request_made_from_a_point_stops_at_the_next()
    {
        var seen = new List<(long Step, long Budget)>();
        TrialControl? control = null;
        control = new TrialControl(evaluated: (point, budget) =>
        {
            seen.Add((point.Step, budget));
            if (point.Step == 6)
            {
                control!.StopAt(1);
            }
        });

        var result = Trainer.Run(Base, TestDatasets.Blobs(), control);

        Assert.Equal([(4L, 18L), (6, 18)], seen);
        Assert.Equal(TrialStatus.Pruned, result.Status);
        Assert.Equal(6, result.Curve[^1].Step);
    }

    [Fact]
    public void A_request_at_the_last_step_lets_the_trial_complete_and_the_earliest_request_wins()
    {
        var late = new TrialControl();
        late.StopAt(18);
        late.StopAt(40);
        Assert.Equal(18, late.StopAtStep);

        var result = Trainer.Run(Base, TestDatasets.Blobs(), late);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal(18, result.Summary.StepsRun);
    }
}

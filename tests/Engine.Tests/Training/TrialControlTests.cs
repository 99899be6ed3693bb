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
        control = new TrialControl(evaluated: (point, budget, held) =>
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

    [Fact]
    public void A_trial_held_at_a_point_stops_there_when_the_stop_comes_while_it_waits()
    {
        // Held at step 8 with a patience far beyond the test; another thread stops it only once it is seen held there.
        // Had it trained on, it would have recorded points past 8 by the time the stop arrived, or ended completed.
        var held = new ManualResetEventSlim();
        TrialControl? control = null;
        control = new TrialControl(
            evaluated: (point, budget, waits) =>
            {
                if (waits)
                {
                    held.Set();
                }
            },
            holdsAt: (previous, step, budget) => step == 8,
            holdPatience: TimeSpan.FromMinutes(5));
        var stopper = Task.Run(() =>
        {
            held.Wait(TimeSpan.FromMinutes(5));
            control.StopAt(8);
        });

        var result = Trainer.Run(Base, TestDatasets.Blobs(), control);
        stopper.Wait();

        Assert.Equal(TrialStatus.Pruned, result.Status);
        Assert.Equal(8, result.Curve[^1].Step);
    }

    [Fact]
    public void A_release_lets_a_held_trial_train_on_and_the_last_point_is_never_held()
    {
        var seen = new List<(long Step, bool Held)>();
        TrialControl? control = null;
        control = new TrialControl(
            evaluated: (point, budget, waits) =>
            {
                seen.Add((point.Step, waits));
                control!.Release(point.Step - 1); // another step's verdict: ignored
                control!.Release(point.Step);
            },
            holdsAt: (previous, step, budget) => true,
            holdPatience: TimeSpan.FromMinutes(5));

        var result = Trainer.Run(Base, TestDatasets.Blobs(), control);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal([(4L, true), (6, true), (8, true), (12, true), (16, true), (18, false)], seen);
    }

    [Fact]
    public void A_held_trial_with_no_verdict_trains_on_after_its_patience()
    {
        var control = new TrialControl(evaluated: (point, budget, waits) => { }, holdsAt: (previous, step, budget) => step == 6, holdPatience: TimeSpan.Zero);

        var result = Trainer.Run(Base, TestDatasets.Blobs(), control);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal(18, result.Summary.StepsRun);
    }

    [Fact]
    public void Cancelling_a_held_trial_ends_its_wait_as_a_cancellation()
    {
        // Held at step 6 with a patience of a minute, and the trainer itself not given the token: only the wait can
        // observe the cancellation (without it the trial would train on after the patience and complete).
        using var cancellation = new CancellationTokenSource();
        var control = new TrialControl(
            evaluated: (point, budget, waits) =>
            {
                if (waits)
                {
                    cancellation.Cancel();
                }
            },
            holdsAt: (previous, step, budget) => step == 6,
            holdPatience: TimeSpan.FromMinutes(1),
            holdCancellation: cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Run(Base, TestDatasets.Blobs(), control));
    }
}

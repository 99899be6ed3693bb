using Sweep.Engine.Config;
using Sweep.Engine.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

/// <summary>The summary's reference levels (chance loss, best step, robust final loss) and the per-layer duplicate-unit count.</summary>
public class ReferenceLevelsTests
{
    private static readonly TrialConfig Base = new()
    {
        Depth = 3, Width = 16, Optimizer = "momentum", Lr = 0.05, BatchSize = 16, Epochs = 4, EvalEvery = 3, Seed = 5,
    };

    [Fact]
    public void Chance_loss_of_balanced_classes_is_ln_k_and_of_skewed_classes_their_entropy()
    {
        Assert.Equal(Math.Log(3), ChanceLevel.Entropy([0, 1, 2, 0, 1, 2], 3), 12);
        double p = 0.75;
        Assert.Equal(-(p * Math.Log(p)) - ((1 - p) * Math.Log(1 - p)), ChanceLevel.Entropy([0, 0, 0, 1], 2), 12);
        Assert.Equal(0, ChanceLevel.Entropy([1, 1, 1], 3));
    }

    [Fact]
    public void Chance_loss_of_regression_is_the_mean_per_output_population_variance()
    {
        // output 0: 1, 3 -> variance 1; output 1: 0, 4 -> variance 4
        Assert.Equal(2.5, ChanceLevel.MeanVariance([1f, 0f, 3f, 4f], 2), 12);
    }

    [Fact]
    public void A_trial_records_its_chance_loss_best_step_and_robust_final_loss()
    {
        var data = TestDatasets.Blobs();
        var summary = Trainer.Run(Base, data).Summary;
        var curve = Trainer.Run(Base, data).Curve;

        Assert.Equal(ChanceLevel.Of(data), summary.ChanceLoss);
        Assert.Equal(curve.MinBy(p => p.TrainLoss).Step, summary.BestTrainStep);
        var lastPoints = curve.TakeLast(Math.Max(3, (int)Math.Ceiling(curve.Count * 0.2))).Select(p => p.TrainLoss).Order().ToList();
        Assert.Equal(lastPoints[lastPoints.Count / 2], summary.FinalTrainLossMedian);
    }

    [Fact]
    public void The_robust_final_loss_ignores_one_spike_and_is_NaN_when_the_end_is_not_finite()
    {
        EvalPoint At(long step, double loss) => new(step, 1, step, 0, 0.1, loss, double.NaN, double.NaN, 1, false, 1, 0);

        Assert.Equal(0.21, TrialRecorder.FinalMedian([At(1, 2), At(2, 0.2), At(3, 0.21), At(4, 50), At(5, 0.19)]));
        Assert.True(double.IsNaN(TrialRecorder.FinalMedian([At(1, 2), At(2, 0.2), At(3, double.NaN)])));
        Assert.True(double.IsNaN(TrialRecorder.FinalMedian([])));
    }

    [Fact]
    public void Steps_to_target_counts_only_a_target_reached_and_held_and_the_first_crossing_is_kept()
    {
        EvalPoint At(long step, double loss) => new(step, 1, step, 0, 0.1, loss, double.NaN, double.NaN, 1, false, 1, 0);
        IReadOnlyList<EvalPoint> curve = [At(10, 0.9), At(20, 0.4), At(30, 0.6), At(40, 0.45), At(50, 0.3)];

        Assert.Equal(40, TrialRecorder.ReachedAndHeld(curve, 0.5));
        Assert.Null(TrialRecorder.ReachedAndHeld([At(10, 0.9), At(20, 0.4), At(30, 0.6)], 0.5));
        Assert.Null(TrialRecorder.ReachedAndHeld([At(10, 0.4), At(20, double.NaN)], 0.5));
    }

    [Fact]
    public void A_trial_records_both_steps_to_target_and_the_first_crossing()
    {
        var summary = Trainer.Run(Base with { TargetLoss = 0.6 }, TestDatasets.Blobs()).Summary;

        Assert.NotNull(summary.FirstStepToTarget);
        Assert.True(summary.StepsToTarget is null || summary.StepsToTarget >= summary.FirstStepToTarget);
    }

    [Fact]
    public void Zero_init_leaves_every_hidden_unit_a_duplicate_and_random_init_none()
    {
        var data = TestDatasets.Blobs();
        var zeros = Trainer.Run(Base with { Init = "zeros", Activation = "tanh" }, data);
        var random = Trainer.Run(Base with { Init = "he-normal" }, data);

        var lastZeros = zeros.Layers.Where(l => l.Step == zeros.Layers[^1].Step && l.Kind == "hidden").ToList();
        Assert.NotEmpty(lastZeros);
        Assert.All(lastZeros, l => Assert.Equal(1.0, l.DuplicateUnits));
        Assert.All(random.Layers.Where(l => l.Kind != "head"), l => Assert.Equal(0.0, l.DuplicateUnits));
    }

    [Fact]
    public void Exact_zero_gradients_give_a_vanishing_ratio_of_zero_never_NaN()
    {
        // zero init with tanh: the first hidden layer's input is all zeros, so its weight gradient is exactly zero
        var result = Trainer.Run(Base with { Init = "zeros", Activation = "tanh" }, TestDatasets.Blobs());

        Assert.False(double.IsNaN(result.Summary.VanishingRatio));
        Assert.True(result.Summary.VanishingRatio < 1e-2, $"vanishing ratio {result.Summary.VanishingRatio}");
    }
}

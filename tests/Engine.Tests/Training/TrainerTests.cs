using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public class TrainerTests
{
    private static readonly TrialConfig Base = new()
    {
        Depth = 2, Width = 16, Optimizer = "adam", Lr = 0.01, BatchSize = 16, Epochs = 3, EvalEvery = 4, Seed = 11,
    };

    [Fact]
    public void Records_a_point_every_eval_every_steps_and_at_every_epoch_end_with_every_field()
    {
        var data = TestDatasets.Blobs();
        var result = Trainer.Run(Base, data);

        Assert.Equal(TrialStatus.Completed, result.Status);
        // 96 rows / 16 = 6 steps per epoch, 18 steps: points at 4, 6, 8, 12, 16, 18
        Assert.Equal([4L, 6, 8, 12, 16, 18], result.Curve.Select(p => p.Step));
        Assert.Equal([1, 1, 2, 2, 3, 3], result.Curve.Select(p => p.Epoch));
        Assert.All(result.Curve, p =>
        {
            Assert.Equal(p.Step * 16, p.Examples);
            Assert.True(double.IsFinite(p.TrainLoss) && double.IsFinite(p.ValLoss) && p.ValAccuracy is >= 0 and <= 1);
            Assert.True(p.GradNorm > 0 && p.WeightNorm > 0 && p.UpdateRatio > 0 && p.LearningRate == 0.01);
            Assert.False(p.Clipped);
        });
        Assert.True(result.Curve[^1].TrainLoss < result.Curve[0].TrainLoss);
        Assert.True(result.Curve.Zip(result.Curve.Skip(1)).All(pair => pair.First.WallSeconds <= pair.Second.WallSeconds));

        Assert.Equal(result.Curve.Count * 3, result.Layers.Count);
        Assert.Equal(["stem", "hidden", "head"], result.Layers.Take(3).Select(l => l.Kind));
        Assert.Equal([0, 1, 2], result.Layers.Take(3).Select(l => l.Layer));
        Assert.All(result.Layers, l => Assert.True(l.GradNorm > 0 && l.WeightNorm > 0 && l.ActStd > 0 && l.DeadFraction is >= 0 and <= 1));

        var summary = result.Summary;
        Assert.Equal(18, summary.StepsRun);
        Assert.Equal(18 * 16, summary.ExamplesSeen);
        Assert.Equal(result.Curve[^1].TrainLoss, summary.FinalTrainLoss);
        Assert.Equal(result.Curve.Min(p => p.TrainLoss), summary.BestTrainLoss);
        Assert.Equal(result.Curve[^1].ValLoss, summary.FinalValLoss);
        Assert.Equal(result.Curve.Min(p => p.ValLoss), summary.BestValLoss);
        Assert.Equal(result.Curve.Max(p => p.ValAccuracy), summary.BestValAccuracy);
        Assert.Null(summary.DivergedAtStep);
        Assert.Null(summary.StepsToTarget);
        Assert.True(summary.GradNormMedian > 0 && summary.GradSpikeRatio >= 1 && summary.GradLogCv >= 0 && summary.VanishingRatio > 0);
        Assert.Equal(0, summary.ClippedFraction);
        Assert.True(summary.AucLogTrainLoss < Math.Log(result.Curve[0].TrainLoss));
    }

    [Fact]
    public void A_step_budget_without_eval_every_still_ends_with_a_point_and_full_batch_uses_every_row()
    {
        var data = TestDatasets.Blobs(train: 40, validation: 0);
        var result = Trainer.Run(Base with { BatchSize = 0, Epochs = 0, Steps = 5, EvalEvery = 0 }, data);
        Assert.Equal([1L, 2, 3, 4, 5], result.Curve.Select(p => p.Step));
        // The first point's train loss is the first step's batch loss alone: the loss before any update.
        Assert.Equal(result.Curve[0].TrainLoss, result.Summary.InitialTrainLoss);
        Assert.Equal(5 * 40, result.Summary.ExamplesSeen);
        Assert.All(result.Curve, p => Assert.True(double.IsNaN(p.ValLoss) && double.IsNaN(p.ValAccuracy)));
        Assert.Null(result.Summary.BestValLoss);
        Assert.Null(result.Summary.FinalValAccuracy);
    }

    [Fact]
    public void Regression_trains_with_mse_and_reports_no_accuracy()
    {
        var result = Trainer.Run(Base with { Optimizer = "sgd", Lr = 0.05, Epochs = 20 }, TestDatasets.Linear());
        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.True(result.Curve[^1].ValLoss < 0.5 * result.Curve[0].ValLoss);
        Assert.All(result.Curve, p => Assert.True(double.IsNaN(p.ValAccuracy)));
        Assert.Null(result.Summary.BestValAccuracy);
    }

    [Fact]
    public void A_huge_learning_rate_diverges_as_a_result_naming_the_step()
    {
        var config = Base with { Optimizer = "sgd", Lr = 1e9, Epochs = 20, Norm = "none" };
        var result = Trainer.Run(config, TestDatasets.Blobs());
        Assert.Equal(TrialStatus.Diverged, result.Status);
        long step = Assert.NotNull(result.Summary.DivergedAtStep);
        Assert.Equal(step, result.Summary.StepsRun);
        Assert.True(step < 20 * 6);
        Assert.Equal(step, result.Curve[^1].Step);
        Assert.False(double.IsFinite(result.Curve[^1].TrainLoss) && double.IsFinite(result.Curve[^1].GradNorm));
    }

    [Fact]
    public void A_flat_loss_converges_and_early_stop_ends_the_trial()
    {
        var config = Base with { Optimizer = "sgd", Lr = 1e-9, Epochs = 50, EvalEvery = 0, Tol = 1e-3, Patience = 3 };
        var running = Trainer.Run(config, TestDatasets.Blobs());
        var stopped = Trainer.Run(config with { EarlyStop = true }, TestDatasets.Blobs());

        Assert.Equal(50 * 6, running.Summary.StepsRun);
        long converged = Assert.NotNull(running.Summary.ConvergedAtStep);
        Assert.Equal(converged, stopped.Summary.ConvergedAtStep);
        Assert.True(stopped.Summary.StepsRun < running.Summary.StepsRun);
        Assert.Equal(converged + 3 * 6, stopped.Summary.StepsRun);
        Assert.Equal(TrialStatus.Completed, stopped.Status);
    }

    [Fact]
    public void Steps_to_target_and_clipping_are_summarised()
    {
        var data = TestDatasets.Blobs();
        var free = Trainer.Run(Base with { Epochs = 6 }, data);
        double target = free.Curve[2].TrainLoss;
        var result = Trainer.Run(Base with { Epochs = 6, TargetLoss = target, ClipNorm = 1e-6 }, data);
        Assert.Equal(1.0, result.Summary.ClippedFraction);
        Assert.All(result.Curve, p => Assert.True(p.Clipped));
        Assert.NotNull(result.Summary.StepsToTarget);
        Assert.Equal(free.Curve.First(p => p.TrainLoss <= target).Step, Trainer.Run(Base with { Epochs = 6, TargetLoss = target }, data).Summary.StepsToTarget);
    }

    [Fact]
    public void The_same_config_and_seed_give_bit_identical_results_on_parallel_threads()
    {
        var data = TestDatasets.Blobs();
        var config = Base with { Norm = "batchnorm", Residual = true, Activation = "gelu", Optimizer = "momentum", ClipValue = 0.5 };
        var results = new TrialResult[4];
        Parallel.For(0, results.Length, i => results[i] = Trainer.Run(config, data));
        foreach (var other in results.Skip(1))
        {
            Assert.Equal(results[0].Curve.Select(p => p with { WallSeconds = 0 }), other.Curve.Select(p => p with { WallSeconds = 0 }));
            Assert.Equal(results[0].Layers, other.Layers);
            Assert.Equal(results[0].Summary, other.Summary);
        }

        var reseeded = Trainer.Run(config with { Seed = 12 }, data);
        Assert.NotEqual(results[0].Curve[^1].TrainLoss, reseeded.Curve[^1].TrainLoss);
    }

    [Fact]
    public void An_invalid_config_is_rejected_with_every_field_named()
    {
        var config = Base with { Optimizer = "adamx", Lr = -1, Epochs = 0, Steps = 0 };
        var error = Assert.Throws<ArgumentException>(() => Trainer.Run(config, TestDatasets.Blobs()));
        Assert.Contains("optimizer: 'adamx' is not one of", error.Message);
        Assert.Contains("lr: must be > 0", error.Message);
        Assert.Contains("epochs:", error.Message);
    }

    [Fact]
    public void Public_run_checks_the_config_before_the_data_and_reports_unusable_files()
    {
        var noPath = Assert.Throws<ArgumentException>(() => Trainer.Run(new TrialConfig { Dataset = "csv" }, TableReaders.None));
        Assert.Contains("dataset_path:", noPath.Message);

        string missing = Path.Combine(Path.GetTempPath(), $"sweep-missing-{Guid.NewGuid():N}.csv");
        var error = Assert.Throws<DatasetException>(() => Trainer.Run(new TrialConfig { Dataset = "csv", DatasetPath = missing }, TableReaders.None));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Cancellation_throws_and_progress_is_reported()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Trainer.Run(Base, TestDatasets.Blobs(), cancelled.Token));

        var reports = new List<TrialProgress>();
        Trainer.Run(Base, TestDatasets.Blobs(), progress: reports.Add);
        Assert.NotEmpty(reports);
        Assert.True(reports.Count <= 18);
        Assert.Equal(18, reports[^1].Step);
        Assert.All(reports, r => Assert.Equal(18, r.TotalSteps));
    }

    [Fact]
    public void Public_run_loads_the_configured_dataset()
    {
        var config = new TrialConfig { Dataset = "spirals", Samples = 200, Depth = 2, Width = 8, Epochs = 2, Seed = 3 };
        var result = Trainer.Run(config, TableReaders.None);
        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal(DatasetLoader.Load(config, TableReaders.None).TrainCount / 32 * 2, result.Summary.StepsRun);
    }
}

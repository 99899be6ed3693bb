using Sweep.Engine.Data;
using Sweep.Engine.Config;
using Sweep.Engine.Layers;
using Sweep.Engine.Model;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Model;

public class ModelSizeTests
{
    [Theory]
    [InlineData(1, 8, "none", false, "sgd")]
    [InlineData(4, 16, "batchnorm", true, "adam")]
    [InlineData(3, 32, "layernorm", false, "rmsprop")]
    [InlineData(2, 5, "none", true, "momentum")]
    public void The_parameter_count_is_the_built_models(int depth, int width, string norm, bool residual, string optimizer)
    {
        var config = new TrialConfig { Depth = depth, Width = width, Norm = norm, Residual = residual, Optimizer = optimizer };
        var model = new Mlp(MlpShape.From(config, inputs: 7, outputs: 4), capacity: 32);

        var size = ModelSize.Of(config, inputs: 7, outputs: 4, trainRows: 800, valRows: 200);

        Assert.Equal(model.Parameters.Length, size.Parameters);
        Assert.Equal(3L * 4 * model.Parameters.Length, size.ParameterBytes);
        Assert.Equal(200, size.Rows); // validation chunks of min(200, 512) rows outnumber the batch of 32
        Assert.True(size.ActivationBytes >= 4L * 200 * width * depth * 2, $"{size.ActivationBytes} bytes of activations");
    }

    [Theory]
    [InlineData("sgd", null, 0)]
    [InlineData("momentum", null, 1)]
    [InlineData("adagrad", null, 1)]
    [InlineData("rmsprop", 0.5, 2)]
    [InlineData("adadelta", null, 2)]
    [InlineData("adamw", null, 2)]
    public void Optimizer_state_counts_the_arrays_each_optimizer_keeps(string optimizer, double? momentum, int arrays)
    {
        var config = new TrialConfig { Optimizer = optimizer, Momentum = momentum };

        var size = ModelSize.Estimate(config);

        Assert.Equal(arrays * 4L * size.Parameters, size.OptimizerStateBytes);
    }

    [Fact]
    public void Width_16384_by_depth_3_is_refused_with_its_size()
    {
        var config = new TrialConfig { Width = 16384, Depth = 3 };

        var error = Assert.Single(config.Validate());

        Assert.Equal("width", error.Field);
        // spirals: 2 inputs, 3 classes. 2*16384 + 2*16384^2 + 3*16384 biases + 3*16384 + 3 head.
        Assert.Contains("width 16384 x depth 3 has 537,001,987 parameters, 6.1 GiB in all", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 4 GiB a trial may use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Width_16384_by_depth_64_is_refused_without_overflow()
    {
        var config = new TrialConfig { Width = 16384, Depth = 64, Optimizer = "adam", BatchSize = 0, Samples = 100_000_000 };

        var size = ModelSize.Estimate(config);
        var error = Assert.Single(config.Validate());

        Assert.Equal(16_912_564_227L, size.Parameters);
        Assert.Contains("16,912,564,227 parameters", error.Message, StringComparison.Ordinal);
        Assert.True(size.ActivationBytes > 0 && size.TotalBytes > size.ParameterBytes);
    }

    [Fact]
    public void The_trainer_refuses_a_model_too_large_with_the_size_not_an_overflow()
    {
        var config = new TrialConfig { Width = 16384, Depth = 64, Steps = 1, Epochs = 0 };

        var error = Assert.Throws<ArgumentException>(() => Trainer.Run(config, TableReaders.None));

        Assert.Contains("the model is too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wide_shallow_models_and_the_benchmark_cases_fit()
    {
        Assert.Empty(new TrialConfig { Width = 16384, Depth = 1 }.Validate());
        Assert.Empty(new TrialConfig { Width = 1024, Depth = 2, BatchSize = 256, Dataset = "fashion-mnist", DatasetPath = "/data", Optimizer = "adam" }.Validate());
        Assert.Empty(new TrialConfig { Width = 4096, Depth = 8, Optimizer = "adam" }.Validate());
    }

    [Fact]
    public void Synthetic_data_past_one_array_is_refused()
    {
        var config = new TrialConfig { Dataset = "blobs", Samples = 100_000_000, Features = 100, Width = 4, Depth = 1 };

        var error = Assert.Single(config.Validate());

        Assert.Equal("samples", error.Field);
        Assert.Contains("10,000,000,000 values", error.Message, StringComparison.Ordinal);
    }
}

using Sweep.Engine.Config;

namespace Sweep.Bench.Engine;

/// <summary>
/// One training configuration of the engine suite, as our config and as torch_mlp.py arguments.
/// Both sides train on all of their examples (no validation split) for the same epochs.
/// </summary>
internal sealed record EngineBenchCase(string Name, TrialConfig Config, string TorchArguments)
{
    public const string FashionMnistFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Weights of the MLP's matrices: in·width + (depth-1)·width² + width·out.</summary>
    public long Weights(int inputs, int outputs) =>
        (long)inputs * Config.Width + (long)(Config.Depth - 1) * Config.Width * Config.Width + (long)Config.Width * outputs;

    /// <summary>
    /// Flops of the matrix products one training example costs, counting only those that run: forward
    /// (2 per weight), weight gradient (2 per weight) and input gradient (2 per weight) of every layer but the
    /// first, whose input gradient nothing needs and the engine skips. Elementwise work (activations, norms,
    /// loss, optimizer) is not counted: the fraction of the FMA peak then says how close the step comes to
    /// spending all its time in products.
    /// </summary>
    public double ExecutedFlopsPerSample(int inputs, int outputs) =>
        6.0 * Weights(inputs, outputs) - 2.0 * inputs * Config.Width;

    /// <summary>The four cases of issue 3. Without Fashion-MNIST both sides use random 784-feature data of the same shape.</summary>
    public static IReadOnlyList<EngineBenchCase> All(bool realFashionMnist)
    {
        var fashion = realFashionMnist
            ? new TrialConfig { Dataset = "fashion-mnist", DatasetPath = FashionMnistFolder, FeatureScaling = "standardize" }
            : new TrialConfig { Dataset = "blobs", Features = 784, Classes = 10, Noise = 1.0 };
        fashion = fashion with
        {
            ValFraction = 0, Activation = "relu", Init = "he-normal", Optimizer = "momentum", Lr = 0.05, Epochs = 1, Seed = 0,
        };

        var mlp = fashion with { Samples = 30_720, Depth = 4, Width = 256, Norm = "none", BatchSize = 128 };
        var bnResidual = mlp with { Norm = "batchnorm", Residual = true };
        var wide = fashion with { Samples = 15_360, Depth = 2, Width = 1024, Norm = "none", BatchSize = 256 };
        var spirals = new TrialConfig
        {
            Dataset = "spirals", Samples = 64_000, Classes = 3, Noise = 0.2, ValFraction = 0, Depth = 8, Width = 64,
            Activation = "relu", Init = "he-normal", Norm = "none", Optimizer = "adam", Lr = 0.001, BatchSize = 64, Epochs = 2, Seed = 0,
        };

        return
        [
            new("fmnist-mlp", mlp, Torch(mlp, "fashion-mnist")),
            new("fmnist-bn-residual", bnResidual, Torch(bnResidual, "fashion-mnist")),
            new("spirals-adam", spirals, Torch(spirals, "spirals")),
            new("wide-1024", wide, Torch(wide, "fashion-mnist")),
        ];
    }

    private static string Torch(TrialConfig c, string dataset) =>
        FormattableString.Invariant(
            $"--dataset {dataset} --depth {c.Depth} --width {c.Width} --activation {c.Activation} --init {c.Init} --norm {c.Norm} ") +
        FormattableString.Invariant(
            $"--optimizer {c.Optimizer} --lr {c.Lr} --batch-size {c.BatchSize} --epochs {c.Epochs} --n-train {c.Samples} --seed {c.Seed}") +
        (c.Residual ? " --residual" : "") +
        // The engine flushes denormals in every trial (DenormalFlush); the peer does the same, like with like.
        " --flush-denormal";
}

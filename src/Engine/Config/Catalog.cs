namespace Sweep.Engine.Config;

/// <summary>
/// The values users type for each categorical factor. One source of truth: the trainer
/// dispatches on them, the spec validator checks against them and the cmdlets complete them.
/// </summary>
public static class Catalog
{
    /// <summary>Ordered from simple to complex, as tinygrad's optim.py is.</summary>
    public static readonly IReadOnlyList<string> Optimizers =
        ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"];

    public static readonly IReadOnlyList<string> Inits =
        ["zeros", "gaussian", "xavier-uniform", "xavier-normal", "he-uniform", "he-normal", "lecun-normal", "orthogonal"];

    public static readonly IReadOnlyList<string> Norms = ["none", "batchnorm", "layernorm"];

    public static readonly IReadOnlyList<string> Activations = ["relu", "leaky-relu", "sigmoid", "tanh", "gelu"];

    /// <summary>Synthetic sets are generated from the seed; the last three read files.</summary>
    public static readonly IReadOnlyList<string> Datasets =
        ["spirals", "moons", "circles", "xor", "blobs", "teacher-classification", "teacher-regression",
         "fashion-mnist", "csv", "parquet"];

    public static readonly IReadOnlyList<string> Schedules = ["constant", "step", "exponential", "cosine"];

    public static readonly IReadOnlyList<string> FeatureScalings = ["none", "minmax", "standardize"];

    /// <summary>Datasets whose loss is MSE; every other dataset is classification with cross-entropy.</summary>
    public static readonly IReadOnlyList<string> RegressionDatasets = ["teacher-regression"];

    /// <summary>Datasets read from a file named by <c>dataset_path</c>.</summary>
    public static readonly IReadOnlyList<string> FileDatasets = ["fashion-mnist", "csv", "parquet"];
}

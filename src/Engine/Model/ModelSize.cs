using System.Globalization;
using Sweep.Engine.Config;

namespace Sweep.Engine.Model;

/// <summary>
/// What one trial's model takes in memory, computed from its config without allocating it: parameter
/// count; bytes of parameters (with their gradients and the copy kept to measure update ratios),
/// optimizer state, and activations for the rows a forward pass holds. Every product is 64-bit, so
/// sizes far past what can be allocated are reported, not wrapped.
/// </summary>
public readonly record struct ModelSize(long Parameters, long ParameterBytes, long OptimizerStateBytes, long ActivationBytes, int Rows)
{
    /// <summary>
    /// The most one trial's model may take (4 GiB): more cannot be trained on the machines Sweep targets
    /// (one float array holds at most 2^31 values, and several trials run at once on a worker), so a
    /// larger model is refused when the spec is validated rather than failing each trial.
    /// </summary>
    public const long MaxBytes = 4L << 30;

    /// <summary>The rows a forward pass holds at most when evaluating: validation runs in chunks of this many rows.</summary>
    public const int EvaluationChunk = 512;

    public long TotalBytes => ParameterBytes + OptimizerStateBytes + ActivationBytes;

    /// <summary>
    /// The size of <paramref name="config"/>'s model on data of <paramref name="inputs"/> features and
    /// <paramref name="outputs"/> outputs, with <paramref name="trainRows"/> training and
    /// <paramref name="valRows"/> validation rows (batch_size 0 or over the training rows means all of them).
    /// </summary>
    public static ModelSize Of(TrialConfig config, long inputs, long outputs, long trainRows, long valRows)
    {
        ArgumentNullException.ThrowIfNull(config);
        long width = config.Width;
        long depth = config.Depth;
        bool norm = config.Norm != "none";

        // Per hidden layer: weight [width, in] and bias [width], plus gain and shift with a norm; then the head.
        long perLayer = width + (norm ? 2 * width : 0);
        long parameters = (inputs * width) + ((depth - 1) * width * width) + (depth * perLayer) + (outputs * width) + outputs;

        long batch = config.BatchSize == 0 ? trainRows : Math.Min(config.BatchSize, trainRows);
        long rows = Math.Max(batch, Math.Min(valRows, EvaluationChunk));

        // Per row, as Mlp and TrainingSession allocate them: each layer keeps pre-norm and activated values
        // (with a norm also x-hat and normalized, with a residual also the sum); backward has two or three
        // [rows, width] scratch buffers; output and its gradient; the batch's inputs and targets.
        long perLayerRow = (2 + (norm ? 2 : 0)) * width;
        long residualRows = config.Residual ? (depth - 1) * width : 0;
        long perRow = (depth * perLayerRow) + residualRows + ((norm ? 3 : 2) * width) + (3 * outputs) + inputs + (config.Norm == "layernorm" ? depth : 0);

        const long FloatBytes = sizeof(float);
        return new ModelSize(
            parameters,
            3 * parameters * FloatBytes,
            OptimizerStateArrays(config) * parameters * FloatBytes,
            rows * perRow * FloatBytes,
            (int)Math.Min(rows, int.MaxValue));
    }

    /// <summary>
    /// The size known before the data is loaded, as spec validation needs it: synthetic datasets' shapes
    /// follow from the config (samples, features, classes, val_fraction); fashion-mnist is 784 inputs and
    /// 10 classes over its 60,000 training images. csv and parquet count as one input, two classes and
    /// the batch alone, a lower bound: the trainer checks again with the file's real shape.
    /// </summary>
    public static ModelSize Estimate(TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        (long inputs, long outputs) = config.Dataset switch
        {
            "blobs" or "teacher-classification" => (config.Features, config.Classes),
            "spirals" => (2, config.Classes),
            "teacher-regression" => (config.Features, 1),
            "fashion-mnist" => (784, 10),
            "csv" or "parquet" => (1, 2),
            _ => (2, 2),
        };
        long samples = config.Dataset switch
        {
            "fashion-mnist" => config.Samples is > 0 and < 60_000 ? config.Samples : 60_000,
            "csv" or "parquet" => Math.Max(1, config.BatchSize),
            _ => config.Samples,
        };
        long valRows = Math.Clamp((long)Math.Round(samples * config.ValFraction), 0, Math.Max(0, samples - 1));
        return Of(config, inputs, outputs, Math.Max(1, samples - valRows), valRows);
    }

    /// <summary>Null when the model fits <see cref="MaxBytes"/>; else a message that states its size.</summary>
    public string? TooLargeMessage(TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (TotalBytes <= MaxBytes)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"the model is too large: width {config.Width} x depth {config.Depth} has {Parameters:N0} parameters, " +
            $"{Gib(TotalBytes)} GiB in all ({Gib(ParameterBytes)} GiB of parameters, gradients and update copy, " +
            $"{Gib(OptimizerStateBytes)} GiB of {config.Optimizer} state, {Gib(ActivationBytes)} GiB of activations for {Rows:N0} rows), " +
            $"more than the {MaxBytes >> 30} GiB a trial may use: reduce width, depth or batch_size");
    }

    /// <summary>Throws <see cref="ArgumentException"/> with <see cref="TooLargeMessage"/> when the model does not fit.</summary>
    public void EnsureFits(TrialConfig config)
    {
        if (TooLargeMessage(config) is { } message)
        {
            throw new ArgumentException(message, nameof(config));
        }
    }

    /// <summary>Parameter-sized arrays each optimizer keeps (see Optimizers/).</summary>
    private static int OptimizerStateArrays(TrialConfig config) => config.Optimizer switch
    {
        "sgd" or "momentum" or "nesterov" => config.EffectiveMomentum > 0 ? 1 : 0,
        "adagrad" => 1,
        "rmsprop" => config.EffectiveMomentum > 0 ? 2 : 1,
        _ => 2,
    };

    private static string Gib(long bytes) => (bytes / (double)(1L << 30)).ToString("0.0#", CultureInfo.InvariantCulture);
}

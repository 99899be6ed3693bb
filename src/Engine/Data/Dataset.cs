namespace Sweep.Engine.Data;

/// <summary>
/// A dataset ready to train on: split, scaled, float32, row-major.
/// Features are [examples, Features]. Classification targets are class indices in
/// [0, Outputs); regression targets are [examples, Outputs] in <see cref="TrainTargets"/>.
/// </summary>
public sealed class Dataset
{
    public required string Name { get; init; }
    public required int Features { get; init; }
    /// <summary>Classes (classification) or target dimensions (regression).</summary>
    public required int Outputs { get; init; }
    public required bool IsRegression { get; init; }

    /// <summary>[TrainCount, Features]</summary>
    public required float[] TrainX { get; init; }
    /// <summary>[TrainCount] class indices; empty for regression.</summary>
    public required int[] TrainLabels { get; init; }
    /// <summary>[TrainCount, Outputs] regression targets; empty for classification.</summary>
    public required float[] TrainTargets { get; init; }

    /// <summary>[ValCount, Features]</summary>
    public required float[] ValX { get; init; }
    public required int[] ValLabels { get; init; }
    public required float[] ValTargets { get; init; }

    public int TrainCount => TrainX.Length / Features;
    public int ValCount => ValX.Length / Features;
}

/// <summary>A dataset file that cannot be used: missing, malformed, wrong shape, bad labels. The message names the file.</summary>
public sealed class DatasetException(string message, Exception? inner = null) : Exception(message, inner);

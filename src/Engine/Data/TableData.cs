namespace Sweep.Engine.Data;

/// <summary>
/// A table read from a file: every column except the label column becomes a feature.
/// <see cref="Features"/> is row-major [Rows, FeatureNames.Length]; <see cref="Labels"/> is [Rows].
/// Produced by the built-in CSV reader and by readers registered with <see cref="DatasetLoader.RegisterTableReader"/>.
/// </summary>
public sealed record TableData(string[] FeatureNames, float[] Features, double[] Labels, int Rows);

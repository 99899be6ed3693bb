namespace Sweep.Engine.Data;

/// <summary>
/// A table read from a file: every column except the label column becomes a feature.
/// <see cref="Features"/> is row-major [Rows, FeatureNames.Length]; <see cref="Labels"/> is [Rows].
/// Produced by the built-in CSV reader and by the <see cref="TableReader"/>s a host passes in <see cref="TableReaders"/>.
/// </summary>
public sealed record TableData(string[] FeatureNames, float[] Features, double[] Labels, int Rows);

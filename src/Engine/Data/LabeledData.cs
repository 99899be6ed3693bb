namespace Sweep.Engine.Data;

/// <summary>
/// Examples before the split: features [Count, FeatureCount], and either class indices [Count]
/// (classification) or targets [Count, Outputs] (regression). Immutable once built: cached copies
/// are shared between trials.
/// </summary>
internal sealed class LabeledData
{
    public LabeledData(float[] features, int featureCount, int[] labels, float[] targets, int outputs, bool isRegression)
    {
        Features = features;
        FeatureCount = featureCount;
        Labels = labels;
        Targets = targets;
        Outputs = outputs;
        IsRegression = isRegression;
    }

    public float[] Features { get; }
    public int FeatureCount { get; }
    /// <summary>[Count] class indices in [0, Outputs); empty for regression.</summary>
    public int[] Labels { get; }
    /// <summary>[Count, Outputs] targets; empty for classification.</summary>
    public float[] Targets { get; }
    public int Outputs { get; }
    public bool IsRegression { get; }
    public int Count => Features.Length / FeatureCount;

    public static LabeledData Classification(float[] features, int featureCount, int[] labels, int classes) =>
        new(features, featureCount, labels, [], classes, isRegression: false);

    public static LabeledData Regression(float[] features, int featureCount, float[] targets, int outputs) =>
        new(features, featureCount, [], targets, outputs, isRegression: true);
}

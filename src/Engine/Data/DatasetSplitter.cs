using Sweep.Engine.Config;
using Sweep.Engine.Random;

namespace Sweep.Engine.Data;

/// <summary>
/// From examples to a trial's <see cref="Dataset"/>: optional seeded subset (file datasets),
/// seeded train/validation split, optional ill-scaling, then feature scaling fitted on the
/// training split. Always copies: the input may be a cached, shared instance.
/// </summary>
internal static class DatasetSplitter
{
    /// <summary>ill_scaled multiplies feature f by 10^e, e spread evenly over [-IllScaleDecades, +IllScaleDecades].</summary>
    public const double IllScaleDecades = 3.0;

    /// <param name="subset">Examples to keep (0 = all); a seeded subset when fewer than the data holds.</param>
    public static Dataset Split(LabeledData data, TrialConfig config, int subset)
    {
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        if (subset > 0 && subset < data.Count)
        {
            SeededRandom.ForPurpose(config.Seed, "subset").Shuffle(order.AsSpan());
            order = order[..subset];
            Array.Sort(order);
        }

        SeededRandom.ForPurpose(config.Seed, "split").Shuffle(order.AsSpan());
        int valCount = Math.Clamp((int)Math.Round(order.Length * config.ValFraction), 0, order.Length - 1);
        var valRows = order.AsSpan(0, valCount);
        var trainRows = order.AsSpan(valCount);

        var trainX = Gather(data.Features, data.FeatureCount, trainRows);
        var valX = Gather(data.Features, data.FeatureCount, valRows);
        if (config.IllScaled)
        {
            ApplyIllScales(trainX, data.FeatureCount);
            ApplyIllScales(valX, data.FeatureCount);
        }

        FeatureScaler.FitAndApply(config.FeatureScaling, trainX, valX, data.FeatureCount);
        return new Dataset
        {
            Name = config.Dataset,
            Features = data.FeatureCount,
            Outputs = data.Outputs,
            IsRegression = data.IsRegression,
            TrainX = trainX,
            TrainLabels = data.IsRegression ? [] : GatherLabels(data.Labels, trainRows),
            TrainTargets = data.IsRegression ? Gather(data.Targets, data.Outputs, trainRows) : [],
            ValX = valX,
            ValLabels = data.IsRegression ? [] : GatherLabels(data.Labels, valRows),
            ValTargets = data.IsRegression ? Gather(data.Targets, data.Outputs, valRows) : [],
        };
    }

    /// <summary>The factor ill_scaled applies to feature <paramref name="feature"/> of <paramref name="features"/>.</summary>
    public static double IllScale(int feature, int features) =>
        features == 1
            ? Math.Pow(10, IllScaleDecades)
            : Math.Pow(10, -IllScaleDecades + 2 * IllScaleDecades * feature / (features - 1));

    private static void ApplyIllScales(float[] x, int features)
    {
        var scales = new float[features];
        for (int f = 0; f < features; f++)
        {
            scales[f] = (float)IllScale(f, features);
        }

        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= scales[i % features];
        }
    }

    private static float[] Gather(float[] source, int width, ReadOnlySpan<int> rows)
    {
        var result = new float[checked(rows.Length * width)];
        for (int r = 0; r < rows.Length; r++)
        {
            Array.Copy(source, rows[r] * width, result, r * width, width);
        }

        return result;
    }

    private static int[] GatherLabels(int[] labels, ReadOnlySpan<int> rows)
    {
        var result = new int[rows.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            result[r] = labels[rows[r]];
        }

        return result;
    }
}

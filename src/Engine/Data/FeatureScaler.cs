namespace Sweep.Engine.Data;

/// <summary>
/// Per-feature affine scaling x' = (x - offset) / scale, fitted on the training split only and then
/// applied to both splits. minmax maps the training range to [0, 1]; standardize gives zero mean and
/// unit (population) standard deviation. A constant feature keeps scale 1. Statistics are summed in
/// double, in row order, so the result is reproducible.
/// </summary>
internal static class FeatureScaler
{
    /// <param name="train">[trainCount, features], scaled in place.</param>
    /// <param name="validation">[valCount, features], scaled in place with the training statistics.</param>
    public static void FitAndApply(string scaling, float[] train, float[] validation, int features)
    {
        if (scaling == "none" || train.Length == 0)
        {
            return;
        }

        var (offset, scale) = scaling switch
        {
            "minmax" => FitMinMax(train, features),
            "standardize" => FitStandardize(train, features),
            _ => throw new ArgumentException($"feature_scaling: '{scaling}' is not one of none, minmax, standardize", nameof(scaling)),
        };
        Apply(train, features, offset, scale);
        Apply(validation, features, offset, scale);
    }

    private static (double[] Offset, double[] Scale) FitMinMax(float[] x, int features)
    {
        var min = new double[features];
        var max = new double[features];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int i = 0; i < x.Length; i++)
        {
            int f = i % features;
            min[f] = Math.Min(min[f], x[i]);
            max[f] = Math.Max(max[f], x[i]);
        }

        var scale = new double[features];
        for (int f = 0; f < features; f++)
        {
            double range = max[f] - min[f];
            scale[f] = range > 0 ? range : 1.0;
        }

        return (min, scale);
    }

    private static (double[] Offset, double[] Scale) FitStandardize(float[] x, int features)
    {
        int rows = x.Length / features;
        var mean = new double[features];
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % features] += x[i];
        }

        for (int f = 0; f < features; f++)
        {
            mean[f] /= rows;
        }

        var variance = new double[features];
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mean[i % features];
            variance[i % features] += d * d;
        }

        var scale = new double[features];
        for (int f = 0; f < features; f++)
        {
            double std = Math.Sqrt(variance[f] / rows);
            scale[f] = std > 0 ? std : 1.0;
        }

        return (mean, scale);
    }

    private static void Apply(float[] x, int features, double[] offset, double[] scale)
    {
        for (int i = 0; i < x.Length; i++)
        {
            int f = i % features;
            x[i] = (float)((x[i] - offset[f]) / scale[f]);
        }
    }
}

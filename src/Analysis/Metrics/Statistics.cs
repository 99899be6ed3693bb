using Sweep.Engine.Random;

namespace Sweep.Analysis;

/// <summary>Mean, spread and bootstrap intervals; deterministic for the same inputs and seed.</summary>
public static class Statistics
{
    private const double NormalQuantile975 = 1.959963984540054;

    /// <summary>Median of values already sorted ascending.</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /// <summary>
    /// Statistics of the finite values. The interval is the percentile bootstrap of the mean:
    /// every one of the n^n resamples when n is at most <see cref="AnalysisThresholds.ExactBootstrapMaxValues"/>
    /// (exact, and cheap for a handful of seeds), else <see cref="AnalysisThresholds.BootstrapResamples"/>
    /// resamples drawn from a generator seeded by <paramref name="seed"/> and <paramref name="purpose"/>;
    /// from <see cref="AnalysisThresholds.NormalIntervalMinValues"/> values on, where the bootstrap
    /// distribution of the mean is normal for all practical purposes, mean +- 1.96 standard errors.
    /// </summary>
    public static MetricStats Describe(IEnumerable<double> values, long seed, string purpose)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        int n = finite.Length;
        if (n == 0)
        {
            return MetricStats.Empty;
        }

        double mean = finite.Average();
        double sumSquares = 0;
        foreach (double v in finite)
        {
            sumSquares += (v - mean) * (v - mean);
        }

        double std = n > 1 ? Math.Sqrt(sumSquares / (n - 1)) : 0;
        if (n == 1 || std == 0)
        {
            return new MetricStats(mean, std, mean, mean, n);
        }

        if (n >= AnalysisThresholds.NormalIntervalMinValues)
        {
            double halfWidth = NormalQuantile975 * std / Math.Sqrt(n);
            return new MetricStats(mean, std, mean - halfWidth, mean + halfWidth, n);
        }

        var means = n <= AnalysisThresholds.ExactBootstrapMaxValues
            ? ExactResampleMeans(finite)
            : SampledResampleMeans(finite, SeededRandom.ForPurpose(seed, purpose));
        Array.Sort(means);
        double tail = (1 - AnalysisThresholds.Confidence) / 2;
        return new MetricStats(mean, std, Percentile(means, tail), Percentile(means, 1 - tail), n);
    }

    /// <summary>
    /// The <see cref="AnalysisThresholds.Confidence"/> percentile bootstrap interval of mean(<paramref name="a"/>) minus
    /// mean(<paramref name="b"/>), each side resampled on its own (its seeds are independent of the other's): every pair
    /// of resample means when there are at most 200,000 pairs (exact for a handful of seeds), else as many seeded pairs.
    /// NaN bounds when either side has no finite value.
    /// </summary>
    public static (double Difference, double Low, double High) DifferenceInterval(IEnumerable<double> a, IEnumerable<double> b, long seed, string purpose)
    {
        var x = a.Where(double.IsFinite).ToArray();
        var y = b.Where(double.IsFinite).ToArray();
        if (x.Length == 0 || y.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        var random = SeededRandom.ForPurpose(seed, purpose);
        double[] Means(double[] values) => values.Length <= AnalysisThresholds.ExactBootstrapMaxValues - 1
            ? ExactResampleMeans(values)
            : SampledResampleMeans(values, random);
        var mx = Means(x);
        var my = Means(y);
        const int MaxPairs = 200_000;
        double[] differences;
        if ((long)mx.Length * my.Length <= MaxPairs)
        {
            differences = new double[mx.Length * my.Length];
            int k = 0;
            foreach (double u in mx)
            {
                foreach (double v in my)
                {
                    differences[k++] = u - v;
                }
            }
        }
        else
        {
            differences = new double[Math.Max(mx.Length, my.Length)];
            for (int k = 0; k < differences.Length; k++)
            {
                differences[k] = mx[random.NextInt(mx.Length)] - my[random.NextInt(my.Length)];
            }
        }

        Array.Sort(differences);
        double tail = (1 - AnalysisThresholds.Confidence) / 2;
        return (x.Average() - y.Average(), Percentile(differences, tail), Percentile(differences, 1 - tail));
    }

    /// <summary>Linear interpolation between order statistics (type 7, as numpy and R default).</summary>
    public static double Percentile(double[] sorted, double fraction)
    {
        double position = fraction * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static double[] ExactResampleMeans(double[] values)
    {
        int n = values.Length;
        int total = (int)Math.Pow(n, n);
        var means = new double[total];
        for (int code = 0; code < total; code++)
        {
            int rest = code;
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += values[rest % n];
                rest /= n;
            }

            means[code] = sum / n;
        }

        return means;
    }

    private static double[] SampledResampleMeans(double[] values, SeededRandom random)
    {
        int n = values.Length;
        var means = new double[AnalysisThresholds.BootstrapResamples];
        for (int b = 0; b < means.Length; b++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += values[random.NextInt(n)];
            }

            means[b] = sum / n;
        }

        return means;
    }
}

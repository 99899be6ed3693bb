namespace Sweep.Analysis;

/// <summary>The trend of a window of a curve, with the numbers it rests on.</summary>
/// <param name="Direction">Falling, flat or rising; unknown with fewer than two points.</param>
/// <param name="Z">Mann-Kendall statistic (normal approximation, continuity-corrected): how sure the ordering is, whatever the scale.</param>
/// <param name="Change">Theil-Sen slope times the window's span, in the curve's units: how far it moved over the window.</param>
/// <param name="RelativeChange"><see cref="Change"/> over the scale the caller measures against (the progress made so far).</param>
public readonly record struct TrendReading(Trend Direction, double Z, double Change, double RelativeChange);

/// <summary>
/// A trend test that noise does not flip: a direction needs both a monotone ordering of the window's points that
/// chance alone would rarely give (|Mann-Kendall z| at least <see cref="AnalysisThresholds.TrendZ"/>, two-sided 5 %;
/// rank-based, so one spike cannot carry it) and a move that matters (the Theil-Sen change over the window at least
/// <see cref="AnalysisThresholds.TrendMinChange"/> of the scale, so a slow, steady tail on a plateau reads as flat).
/// </summary>
public static class TrendTest
{
    /// <summary>Most points a window is tested on: longer windows are averaged in consecutive blocks down to this many (the tests are quadratic).</summary>
    public const int MaxWindowPoints = 100;

    /// <summary>
    /// The last <see cref="AnalysisThresholds.TrendWindowFraction"/> of the points (at least
    /// <see cref="AnalysisThresholds.TrendWindowMinPoints"/>, or all), as block means when longer than <see cref="MaxWindowPoints"/>.
    /// </summary>
    public static double[] Window(IReadOnlyList<double> values)
    {
        int n = values.Count;
        int window = Math.Min(n, Math.Max(AnalysisThresholds.TrendWindowMinPoints, (int)Math.Ceiling(n * AnalysisThresholds.TrendWindowFraction)));
        return Blocks([.. values.Skip(n - window)]);
    }

    /// <summary><paramref name="values"/> as they are, or as the means of <see cref="MaxWindowPoints"/> consecutive blocks when longer.</summary>
    public static double[] Blocks(double[] values)
    {
        if (values.Length <= MaxWindowPoints)
        {
            return values;
        }

        var blocks = new double[MaxWindowPoints];
        for (int b = 0; b < blocks.Length; b++)
        {
            int start = (int)((long)b * values.Length / blocks.Length), end = (int)((long)(b + 1) * values.Length / blocks.Length);
            blocks[b] = values.AsSpan(start, end - start).ToArray().Average();
        }

        return blocks;
    }

    /// <param name="window">Finite values in evaluation order.</param>
    /// <param name="scale">Positive: what a change is measured against.</param>
    public static TrendReading Of(IReadOnlyList<double> window, double scale)
    {
        int n = window.Count;
        if (n < 2 || !(scale > 0))
        {
            return new TrendReading(Trend.Unknown, 0, 0, 0);
        }

        double z = MannKendallZ(window);
        long s = MannKendallS(window);
        double change = SenSlope(window) * (n - 1);
        double relative = change / scale;
        // Windows too short for the normal approximation: exact one-sided 2.5 % critical values of S (4 points can
        // only be strictly monotone, p = 1/24); below 4, only a large move.
        bool ordered(int sign) =>
            n >= ShortWindow ? sign * z >= AnalysisThresholds.TrendZ
            : n >= 4 ? sign * s >= ShortWindowCriticalS[n]
            : sign * relative >= 3 * AnalysisThresholds.TrendMinChange;
        var direction = ordered(-1) && relative <= -AnalysisThresholds.TrendMinChange ? Trend.Falling
            : ordered(+1) && relative >= AnalysisThresholds.TrendMinChange ? Trend.Rising
            : Trend.Flat;
        return new TrendReading(direction, z, change, relative);
    }

    /// <summary>Windows shorter than this use exact critical values of S instead of the normal approximation.</summary>
    public const int ShortWindow = 8;

    /// <summary>Smallest S with one-sided P(S &gt;= s) at most 2.5 % under no trend for 5 to 7 points (Kendall's tables); 4 points: strictly monotone.</summary>
    private static readonly int[] ShortWindowCriticalS = [0, 0, 0, 0, 6, 10, 13, 15];

    /// <summary>Mann-Kendall S = Σ sign(x_j - x_i) over i &lt; j.</summary>
    public static long MannKendallS(IReadOnlyList<double> x)
    {
        int n = x.Count;
        long s = 0;
        for (int i = 0; i < n - 1; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                s += Math.Sign(x[j] - x[i]);
            }
        }

        return s;
    }

    /// <summary>Mann-Kendall z: S over its standard deviation, variance n(n-1)(2n+5)/18 (ties ignored), continuity-corrected.</summary>
    public static double MannKendallZ(IReadOnlyList<double> x)
    {
        int n = x.Count;
        long s = MannKendallS(x);
        double variance = n * (n - 1.0) * (2.0 * n + 5) / 18;
        return s == 0 || variance <= 0 ? 0 : (s - Math.Sign(s)) / Math.Sqrt(variance);
    }

    /// <summary>Theil-Sen slope per point: the median of the pairwise slopes.</summary>
    public static double SenSlope(IReadOnlyList<double> x)
    {
        int n = x.Count;
        var slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n - 1; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                slopes[k++] = (x[j] - x[i]) / (j - i);
            }
        }

        Array.Sort(slopes);
        return slopes.Length == 0 ? 0 : Statistics.Median(slopes);
    }
}

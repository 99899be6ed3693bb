using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// A metric over the seeds (or trials) of a group: mean, sample standard deviation and a
/// <see cref="AnalysisThresholds.Confidence"/> bootstrap interval of the mean. <see cref="Count"/>
/// counts the finite values used; with none, every figure is NaN.
/// </summary>
public sealed record MetricStats(double Mean, double Std, double CiLow, double CiHigh, int Count)
{
    public static readonly MetricStats Empty = new(double.NaN, double.NaN, double.NaN, double.NaN, 0);

    /// <summary>True when the two intervals share a point, or neither has data: the data cannot tell them apart.</summary>
    public bool Overlaps(MetricStats other) =>
        Count == 0 || other.Count == 0
            ? Count == other.Count
            : CiLow <= other.CiHigh && other.CiLow <= CiHigh;

    /// <summary>"1234 [1100, 1400]": whole numbers from 100, three significant digits below, powers of ten beyond 1e5 and under 1e-3.</summary>
    public override string ToString() =>
        Count == 0 ? "n/a" : $"{Format(Mean)} [{Format(CiLow)}, {Format(CiHigh)}]";

    public static string Format(double value) =>
        !double.IsFinite(value) ? "n/a"
        : value != 0 && (Math.Abs(value) >= 1e5 || Math.Abs(value) < 1e-3) ? value.ToString("0.##e0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);
}

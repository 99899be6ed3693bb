namespace Sweep.Bench.Engine;

/// <summary>Medians for the side-by-side suites: on a shared machine a median of paired rounds moves less than a best or a mean.</summary>
internal static class PairedMedian
{
    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

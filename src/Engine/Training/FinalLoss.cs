namespace Sweep.Engine.Training;

/// <summary>
/// The robust end of a loss curve, as the engine records it in final_train_loss_median: the median of the last
/// <see cref="WindowFraction"/> of the evaluation points, but of at least <see cref="WindowMinPoints"/> (all of
/// them when there are fewer). One mini-batch spike at the end does not move it. Analysis reads the same window
/// (for results recorded before the engine stored it, and for validation curves), so both agree by construction.
/// </summary>
public static class FinalLoss
{
    /// <summary>The window is this last fraction of the points ...</summary>
    public const double WindowFraction = 0.2;

    /// <summary>... but at least this many (or all of them when there are fewer).</summary>
    public const int WindowMinPoints = 3;

    /// <summary>How many of <paramref name="count"/> points, counted from the end, the window holds.</summary>
    public static int WindowLength(int count) =>
        Math.Min(count, Math.Max(WindowMinPoints, (int)Math.Ceiling(count * WindowFraction)));

    /// <summary>Median of the window at the end of <paramref name="losses"/> (in step order); NaN when there are none or one in the window is not finite.</summary>
    public static double Median(IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        int window = WindowLength(losses.Count);
        var last = new double[window];
        for (int k = 0; k < window; k++)
        {
            last[k] = losses[losses.Count - window + k];
        }

        if (window == 0 || !last.All(double.IsFinite))
        {
            return double.NaN;
        }

        Array.Sort(last);
        int mid = window / 2;
        return window % 2 == 1 ? last[mid] : (last[mid - 1] + last[mid]) / 2;
    }
}

using System.Globalization;

namespace Sweep.Specs;

/// <summary>Sizes past which a spec is refused or needs the caller's explicit consent.</summary>
public static class SpecLimits
{
    /// <summary>Larger sweeps run only with force (<c>-Force</c>, <c>SweepRunOptions.Force</c>).</summary>
    public const long MaxTrialsWithoutForce = 100_000;

    /// <summary>Largest <c>seeds</c> count or list.</summary>
    public const int MaxSeeds = 100_000;

    /// <summary>Largest <c>sample.count</c>.</summary>
    public const int MaxSampleCount = 10_000_000;

    /// <summary>
    /// Largest spec, in bytes (16 MiB). A parsed spec takes about ten times its size in memory (a tree
    /// node per value), so this bounds what reading any spec can cost; real specs are kilobytes, and
    /// sample.count draws millions of points from a few lines.
    /// </summary>
    public const int MaxSpecBytes = 16 * 1024 * 1024;

    /// <summary>Sobol dimensions with direction numbers (Joe and Kuo's table, dimensions 1 to 32).</summary>
    public const int MaxSobolDimensions = 32;

    /// <summary>
    /// Null when a sweep of <paramref name="trialCount"/> trials may run as asked; otherwise the
    /// error text for the caller to show (it names the count and how to go ahead).
    /// </summary>
    public static string? TooManyTrialsMessage(long trialCount, bool force)
    {
        if (force || trialCount <= MaxTrialsWithoutForce)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"the sweep has {trialCount:N0} trials, more than {MaxTrialsWithoutForce:N0}: pass -Force (SweepRunOptions.Force) to run it anyway, or shrink the axes");
    }

    /// <summary>Throws a <see cref="SpecException"/> carrying <see cref="TooManyTrialsMessage"/> when the sweep needs force and has none.</summary>
    public static void EnsureWithinLimit(SweepSpec spec, bool force) => EnsureWithinLimit(spec, spec?.SourceName ?? "", force);

    /// <summary>As <see cref="EnsureWithinLimit(SweepSpec, bool)"/>, naming the spec <paramref name="sourceName"/> (its file).</summary>
    public static void EnsureWithinLimit(SweepSpec spec, string sourceName, bool force)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (TooManyTrialsMessage(spec.CountTrials(), force) is { } message)
        {
            throw new SpecException(sourceName, [new SpecError("", message, null, null)]);
        }
    }

    /// <summary>The error for a spec of <paramref name="bytes"/> bytes, over <see cref="MaxSpecBytes"/>.</summary>
    internal static SpecError TooLarge(long bytes) => new("", string.Create(CultureInfo.InvariantCulture,
        $"the spec is {bytes / 1048576.0:F1} MiB, more than the {MaxSpecBytes / 1048576} MiB a spec may be: shorten the value lists, or draw points with 'sample'"), null, null);
}

namespace Sweep.Analysis;

/// <summary>Which way a loss curve heads at the end of training.</summary>
public enum Trend
{
    /// <summary>Fewer than two finite points: nothing to read.</summary>
    Unknown,
    Falling,
    Flat,
    Rising,
}

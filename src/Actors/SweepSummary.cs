namespace Sweep.Actors;

/// <summary>How a sweep run ended. Counts are of this run; <see cref="Skipped"/> trials were already done before it.</summary>
public sealed record SweepSummary(
    string SweepId,
    string OutputPath,
    long Total,
    long Skipped,
    long Completed,
    long Diverged,
    long Failed,
    TimeSpan Elapsed,
    bool Cancelled);

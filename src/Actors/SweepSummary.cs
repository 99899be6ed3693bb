namespace Sweep.Actors;

/// <summary>
/// How a sweep run ended. Counts are of this run; <see cref="Skipped"/> trials were already done before it.
/// <see cref="FirstError"/> is the error of the first trial committed as failed, if any.
/// </summary>
public sealed record SweepSummary(
    string SweepId,
    string OutputPath,
    long Total,
    long Skipped,
    long Completed,
    long Diverged,
    long Failed,
    TimeSpan Elapsed,
    bool Cancelled,
    string? FirstError = null)
{
    /// <summary>Trials the stopping rule stopped early in this run (status pruned).</summary>
    public long Pruned { get; init; }

    /// <summary>Training steps the pruned trials of this run did not take: the sum of their budgets minus the steps they ran.</summary>
    public long StepsSaved { get; init; }

    /// <summary>Trials ran in this run and every one failed (none completed or diverged): nothing usable was produced.</summary>
    public bool AllFailed => Failed > 0 && Completed == 0 && Diverged == 0 && Pruned == 0;
}

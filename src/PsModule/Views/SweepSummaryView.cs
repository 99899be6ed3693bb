using Sweep.Actors;

namespace Sweep.PsModule.Views;

/// <summary>How a Start-Sweep run ended (type name Sweep.Summary): what -PassThru and Stop-Sweep -PassThru return.</summary>
public sealed class SweepSummaryView
{
    public const string TypeName = "Sweep.Summary";

    public required string SweepId { get; init; }
    /// <summary>The run folder; binds by property name to -Path of the reading cmdlets.</summary>
    public required string Path { get; init; }
    public required long Total { get; init; }
    /// <summary>Trials already in the run folder when the run started (resume).</summary>
    public required long Skipped { get; init; }
    public required long Completed { get; init; }
    public required long Diverged { get; init; }
    public required long Failed { get; init; }
    /// <summary>Trials the stopping rule stopped early (status pruned).</summary>
    public long Pruned { get; init; }
    /// <summary>Training steps the pruned trials did not take (their budgets minus the steps they ran).</summary>
    public long StepsSaved { get; init; }
    public required TimeSpan Elapsed { get; init; }
    /// <summary>True when stopped early (Ctrl+C, Stop-Sweep); Start-Sweep -Resume finishes the rest.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>Trials not yet in the run folder.</summary>
    public long Remaining => Math.Max(0, Total - Skipped - Completed - Diverged - Failed - Pruned);

    internal static SweepSummaryView From(SweepSummary summary) => new()
    {
        SweepId = summary.SweepId,
        Path = summary.OutputPath,
        Total = summary.Total,
        Skipped = summary.Skipped,
        Completed = summary.Completed,
        Diverged = summary.Diverged,
        Failed = summary.Failed,
        Pruned = summary.Pruned,
        StepsSaved = summary.StepsSaved,
        Elapsed = summary.Elapsed,
        Cancelled = summary.Cancelled,
    };
}

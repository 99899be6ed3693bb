using Sweep.Actors;

namespace Sweep.PsModule.Views;

/// <summary>
/// Where a sweep stands (type name Sweep.Status): from a running -AsJob sweep (live counts, workers, ETA)
/// or from a run folder on disk (committed counts only).
/// </summary>
public sealed class SweepStatusView
{
    public const string TypeName = "Sweep.Status";

    public required string Name { get; init; }
    public required string SweepId { get; init; }
    public required string Path { get; init; }
    /// <summary>Running, Completed, Stopped, Failed (jobs) or Complete, Incomplete (run folders).</summary>
    public required string State { get; init; }
    public required long Total { get; init; }
    /// <summary>Trials finished, in any status, this run or earlier.</summary>
    public required long Done { get; init; }
    public required long Completed { get; init; }
    public required long Diverged { get; init; }
    public required long Failed { get; init; }
    /// <summary>Trials the stopping rule stopped early (status pruned).</summary>
    public long Pruned { get; init; }
    /// <summary>Training steps the pruned trials did not take (their budgets minus the steps they ran).</summary>
    public long StepsSaved { get; init; }
    public required int Running { get; init; }
    public required double TrialsPerMinute { get; init; }
    public required TimeSpan? Eta { get; init; }
    /// <summary>The worker nodes and what they run; hidden so that Format-List * and Export-Csv show <see cref="WorkerSummary"/> instead of record text.</summary>
    [System.Management.Automation.Hidden]
    public required IReadOnlyList<WorkerStatus> Workers { get; init; }

    /// <summary>
    /// Queued trials no connected worker will run (each declined it: the dataset is missing there), waiting for a worker
    /// that can load it to join; empty for a run folder on disk.
    /// </summary>
    [System.Management.Automation.Hidden]
    public IReadOnlyList<WaitingTrial> Waiting { get; init; } = [];

    /// <summary>
    /// Why trials wait, as one line ("2 trials wait for a worker that can load their dataset (dataset file
    /// '/data/x.csv' not found); given up at 12:00:30 UTC unless one joins"); empty when none waits.
    /// </summary>
    public string WaitingReason => Sweep.PsModule.Running.WaitingText.Of(Waiting);

    /// <summary>"vm (local) 2/2 busy; node-b 1/4 busy": the workers as one line of text.</summary>
    public string WorkerSummary => string.Join("; ", Workers.Select(w => $"{w.Address} {w.Busy}/{w.Slots} busy"));

    public double PercentComplete => Total == 0 ? 100 : Math.Round(100.0 * Done / Total, 1);
}

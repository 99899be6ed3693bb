using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>
/// One row of <c>trials</c>: which trial (sweep and trial id, canonical config), how it ended (the fields of
/// <see cref="TrialRowFields.All"/>) and its <see cref="TrialSummary"/>. Times are UTC, with microsecond precision
/// when read back from Parquet. A <see cref="TrialRecord"/> is a row with its curve and layer statistics.
/// </summary>
public record TrialRow(
    string SweepId,
    TrialId TrialId,
    TrialConfig Config,
    TrialStatus Status,
    string? Error,
    int Attempts,
    string WorkerHost,
    DateTime StartedAt,
    DateTime FinishedAt,
    double DurationSeconds,
    TrialSummary Summary)
{
    /// <summary>A row with every field at its empty value: what fields missing from older files read as.</summary>
    public static TrialRow Empty { get; } = new("", default, new TrialConfig(), TrialStatus.Completed, null, 0, "", default, default, 0, new TrialSummary());

    /// <summary>
    /// The name of the worker that ran it, chosen when the worker started (by default "machine#pid"); the same for a
    /// worker restarted under the same name. Empty in run folders written before the column existed.
    /// </summary>
    public string Worker { get; init; } = "";

    /// <summary>The stopping rule that pruned the trial (<c>race</c>, <c>asha</c>, <c>median</c>); null unless pruned.</summary>
    public string? StopRule { get; init; }

    /// <summary>What stopped it, in words with the rung or cap (e.g. "rung 1 (150 steps): ..."); null unless pruned.</summary>
    public string? StopReason { get; init; }

    /// <summary>
    /// Steps trained again: asha's synchronous mode re-runs a promoted trial from step 0 to its next rung, and this sums
    /// its earlier rung runs (<c>steps_run</c> is its last run's). 0 for every other trial, and in older run folders.
    /// </summary>
    public long StepsRerun { get; init; }
}

/// <summary>
/// The field table of a trial row's own columns, in <c>trials</c> column order (after sweep_id, trial_id and the
/// config columns, before the summary columns). Adding a column: one line here.
/// </summary>
public static class TrialRowFields
{
    public static readonly IReadOnlyList<RecordField<TrialRow>> All =
    [
        RecordField.Text<TrialRow>("status", "completed, diverged, failed or pruned", r => TrialStatusText.Format(r.Status), (r, v) => r with { Status = TrialStatusText.Parse(v) }),
        RecordField.NullableText<TrialRow>("error", "why a failed trial failed", r => r.Error, (r, v) => r with { Error = v }),
        RecordField.Int<TrialRow>("attempts", "times the trial was assigned", r => r.Attempts, (r, v) => r with { Attempts = v }),
        RecordField.Text<TrialRow>("worker", "the name of the worker that ran it (--name; default machine#pid)", r => r.Worker, (r, v) => r with { Worker = v }),
        RecordField.Text<TrialRow>("worker_host", "the machine it ran on and its address, without port (machine@address)", r => r.WorkerHost, (r, v) => r with { WorkerHost = v }),
        RecordField.Timestamp<TrialRow>("started_at", "UTC start of the attempt that finished", r => r.StartedAt, (r, v) => r with { StartedAt = v }),
        RecordField.Timestamp<TrialRow>("finished_at", "UTC end of that attempt", r => r.FinishedAt, (r, v) => r with { FinishedAt = v }),
        RecordField.Double<TrialRow>("duration_s", "seconds of training", r => r.DurationSeconds, (r, v) => r with { DurationSeconds = v }),
        RecordField.NullableText<TrialRow>("stop_rule", "the stopping rule that pruned it (race, asha, median); null unless pruned", r => r.StopRule, (r, v) => r with { StopRule = v }),
        RecordField.NullableText<TrialRow>("stop_reason", "the rung or cap that pruned it, in words; null unless pruned", r => r.StopReason, (r, v) => r with { StopReason = v }),
        RecordField.Long<TrialRow>("steps_rerun", "steps trained again: a trial promoted by asha's sync mode re-runs from step 0 (its earlier rung runs, summed); else 0", r => r.StepsRerun, (r, v) => r with { StepsRerun = v }),
    ];
}

/// <summary>How <see cref="TrialStatus"/> is written in <c>trials</c>.</summary>
public static class TrialStatusText
{
    public static string Format(TrialStatus status) => status switch
    {
        TrialStatus.Completed => "completed",
        TrialStatus.Diverged => "diverged",
        TrialStatus.Failed => "failed",
        TrialStatus.Pruned => "pruned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown trial status"),
    };

    /// <exception cref="FormatException">The text is none of the statuses.</exception>
    public static TrialStatus Parse(string? text) => text switch
    {
        "completed" => TrialStatus.Completed,
        "diverged" => TrialStatus.Diverged,
        "failed" => TrialStatus.Failed,
        "pruned" => TrialStatus.Pruned,
        _ => throw new FormatException($"'{text}' is not completed, diverged, failed or pruned"),
    };
}

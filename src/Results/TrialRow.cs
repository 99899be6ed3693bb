using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results;

/// <summary>
/// One row of <c>trials</c>: a <see cref="TrialRecord"/> without its curve and layer statistics.
/// Times read back from Parquet are UTC with microsecond precision.
/// </summary>
public sealed record TrialRow(
    string SweepId,
    string TrialId,
    TrialConfig Config,
    TrialStatus Status,
    string? Error,
    int Attempts,
    string WorkerHost,
    DateTime StartedAt,
    DateTime FinishedAt,
    double DurationSeconds,
    TrialSummary Summary);

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.PsModule.Views;

/// <summary>
/// One finished trial as PowerShell shows it (type name Sweep.TrialResult): identity, the factors users
/// filter on most, the summary numbers, and the full <see cref="Config"/> and <see cref="Summary"/>.
/// <see cref="Path"/> and <see cref="TrialId"/> bind by property name to Get-SweepCurve and Invoke-SweepTrial.
/// </summary>
public sealed class TrialResultView
{
    public const string TypeName = "Sweep.TrialResult";

    public required string Path { get; init; }
    public required string SweepId { get; init; }
    public required string TrialId { get; init; }
    public required TrialStatus Status { get; init; }
    public required string Dataset { get; init; }
    public required string Optimizer { get; init; }
    public required string Init { get; init; }
    public required string Norm { get; init; }
    public required string Activation { get; init; }
    public required int Depth { get; init; }
    public required int Width { get; init; }
    public required bool Residual { get; init; }
    public required double Lr { get; init; }
    public required long Seed { get; init; }
    public required long StepsRun { get; init; }
    public required double? InitialTrainLoss { get; init; }
    public required double FinalTrainLoss { get; init; }
    public required double? FinalValLoss { get; init; }
    public required double? FinalValAccuracy { get; init; }
    public required long? ConvergedAtStep { get; init; }
    public required long? DivergedAtStep { get; init; }
    public required long? StepsToTarget { get; init; }
    public required double AucLogTrainLoss { get; init; }
    public required double DurationSeconds { get; init; }
    public required int Attempts { get; init; }
    public required string WorkerHost { get; init; }
    public required DateTime StartedAt { get; init; }
    public required DateTime FinishedAt { get; init; }
    public required string? Error { get; init; }
    /// <summary>Every factor of the trial, canonical (optimizer defaults made explicit).</summary>
    public required TrialConfig Config { get; init; }
    public required TrialSummary Summary { get; init; }

    public override string ToString() => TrialId;

    internal static TrialResultView From(TrialRow row, string path) => Create(
        path, row.SweepId, row.TrialId, row.Config, row.Status, row.Error, row.Attempts, row.WorkerHost,
        row.StartedAt, row.FinishedAt, row.DurationSeconds, row.Summary);

    internal static TrialResultView From(TrialRecord record, string path) => Create(
        path, record.SweepId, record.TrialId, record.Config, record.Status, record.Error, record.Attempts, record.WorkerHost,
        record.StartedAt, record.FinishedAt, record.DurationSeconds, record.Summary);

    private static TrialResultView Create(
        string path, string sweepId, string trialId, TrialConfig config, TrialStatus status, string? error, int attempts,
        string workerHost, DateTime startedAt, DateTime finishedAt, double durationSeconds, TrialSummary summary) => new()
        {
            Path = path,
            SweepId = sweepId,
            TrialId = trialId,
            Status = status,
            Dataset = config.Dataset,
            Optimizer = config.Optimizer,
            Init = config.Init,
            Norm = config.Norm,
            Activation = config.Activation,
            Depth = config.Depth,
            Width = config.Width,
            Residual = config.Residual,
            Lr = config.Lr,
            Seed = config.Seed,
            StepsRun = summary.StepsRun,
            InitialTrainLoss = summary.InitialTrainLoss,
            FinalTrainLoss = summary.FinalTrainLoss,
            FinalValLoss = summary.FinalValLoss,
            FinalValAccuracy = summary.FinalValAccuracy,
            ConvergedAtStep = summary.ConvergedAtStep,
            DivergedAtStep = summary.DivergedAtStep,
            StepsToTarget = summary.StepsToTarget,
            AucLogTrainLoss = summary.AucLogTrainLoss,
            DurationSeconds = durationSeconds,
            Attempts = attempts,
            WorkerHost = workerHost,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Error = error,
            Config = config,
            Summary = summary,
        };
}

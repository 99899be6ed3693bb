using System.Management.Automation;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.PsModule.Views;

/// <summary>
/// One finished trial as PowerShell shows it (type name Sweep.TrialResult). The object is flat: identity
/// and run facts here, and every setting and summary metric as its own typed property added by
/// <see cref="TrialFields"/> (Optimizer, Lr, Depth, Seed, FinalTrainLoss, GradNormMedian, ...), so that
/// Export-Csv, Format-List *, Where-Object and Sort-Object see them. The records themselves stay
/// reachable as the hidden <see cref="Config"/> and <see cref="Summary"/>.
/// <see cref="Path"/> and <see cref="TrialId"/> bind by property name to Get-SweepCurve and Invoke-SweepTrial.
/// </summary>
public sealed class TrialResultView
{
    public const string TypeName = "Sweep.TrialResult";

    /// <summary>The settings that vary in the sweep, e.g. "optimizer=adam lr=0.1": the default table's Settings column.</summary>
    public required string Settings { get; init; }

    /// <summary>Every setting of the trial, canonical (optimizer defaults made explicit).</summary>
    [Hidden]
    public required TrialConfig Config { get; init; }

    [Hidden]
    public required TrialSummary Summary { get; init; }

    public override string ToString() => Config is null ? "" : Specs.TrialId.Of(Config).ToString();

    internal static PSObject From(TrialRow row, string path, IReadOnlyList<string> varyingFields) => Create(
        path, row.SweepId, row.TrialId.ToString(), row.Config, row.Status, row.Error, row.Attempts, row.Worker, row.WorkerHost,
        row.StartedAt, row.FinishedAt, row.DurationSeconds, row.Summary, varyingFields);

    internal static PSObject From(TrialRecord record, string path, IReadOnlyList<string> varyingFields) => Create(
        path, record.SweepId, record.TrialId.ToString(), record.Config, record.Status, record.Error, record.Attempts, record.Worker, record.WorkerHost,
        record.StartedAt, record.FinishedAt, record.DurationSeconds, record.Summary, varyingFields);

    /// <summary>"optimizer=adam lr=0.1" for the given fields.</summary>
    internal static string Describe(TrialConfig config, IReadOnlyList<string> fields) =>
        string.Join(" ", fields.Select(f => $"{f}={ConfigField.Format(ConfigSchema.Find(f)?.Get(config))}"));

    private static PSObject Create(
        string path, string sweepId, string trialId, TrialConfig config, TrialStatus status, string? error, int attempts,
        string worker, string workerHost, DateTime startedAt, DateTime finishedAt, double durationSeconds, TrialSummary summary,
        IReadOnlyList<string> varyingFields)
    {
        var view = new TrialResultView { Settings = Describe(config, varyingFields), Config = config, Summary = summary };
        var item = PsObjects.Typed(view, TypeName);
        item.Properties.Add(new PSNoteProperty("Path", path));
        item.Properties.Add(new PSNoteProperty("SweepId", sweepId));
        item.Properties.Add(new PSNoteProperty("TrialId", trialId));
        item.Properties.Add(new PSNoteProperty("Status", status));
        TrialFields.AddTo(item, config, summary);
        item.Properties.Add(new PSNoteProperty("DurationSeconds", durationSeconds));
        item.Properties.Add(new PSNoteProperty("Attempts", attempts));
        item.Properties.Add(new PSNoteProperty("Worker", worker));
        item.Properties.Add(new PSNoteProperty("WorkerHost", workerHost));
        item.Properties.Add(new PSNoteProperty("StartedAt", TrialFields.Timestamp(startedAt)));
        item.Properties.Add(new PSNoteProperty("FinishedAt", TrialFields.Timestamp(finishedAt)));
        item.Properties.Add(new PSNoteProperty("Error", error));
        return item;
    }
}

using Sweep.Engine.Config;

namespace Sweep.Results.Tests.Storage;

/// <summary>A run folder of two committed batches, and the column types other tools must see in it.</summary>
internal static class ExternalReaders
{
    public static async Task<(RunFolder Folder, List<TrialRecord> Records)> TwoBatchRunAsync(string path)
    {
        var spec = TestRuns.Spec(depths: [2, 3]);
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec, curvePoints: 5);
        await using var writer = folder.CreateWriter();
        await writer.CommitAsync(records.Take(3).ToList(), CancellationToken.None);
        await writer.CommitAsync(records.Skip(3).ToList(), CancellationToken.None);
        return (folder, records);
    }

    /// <summary>(column, kind, nullable) of trials in column order; Kind null means timestamp.</summary>
    public static IEnumerable<(string Name, FieldKind? Kind, bool Nullable)> TrialsColumns()
    {
        yield return ("sweep_id", FieldKind.String, false);
        yield return ("trial_id", FieldKind.String, false);
        foreach (var field in ConfigSchema.Fields)
        {
            yield return (field.Name, field.Kind, field.IsNullable);
        }

        yield return ("status", FieldKind.String, false);
        yield return ("error", FieldKind.String, true);
        yield return ("attempts", FieldKind.Int, false);
        yield return ("worker_host", FieldKind.String, false);
        yield return ("started_at", null, false);
        yield return ("finished_at", null, false);
        yield return ("duration_s", FieldKind.Double, false);
        foreach (var (name, kind, nullable) in SummaryColumns)
        {
            yield return (name, kind, nullable);
        }
    }

    public static readonly (string Name, FieldKind Kind, bool Nullable)[] SummaryColumns =
    [
        ("steps_run", FieldKind.Long, false), ("examples_seen", FieldKind.Long, false),
        ("initial_train_loss", FieldKind.Double, true), ("final_train_loss", FieldKind.Double, false), ("best_train_loss", FieldKind.Double, false),
        ("final_val_loss", FieldKind.Double, true), ("best_val_loss", FieldKind.Double, true),
        ("final_val_accuracy", FieldKind.Double, true), ("best_val_accuracy", FieldKind.Double, true),
        ("converged_at_step", FieldKind.Long, true), ("diverged_at_step", FieldKind.Long, true), ("steps_to_target", FieldKind.Long, true),
        ("auc_log_train_loss", FieldKind.Double, false), ("grad_norm_median", FieldKind.Double, false),
        ("grad_spike_ratio", FieldKind.Double, false), ("grad_log_cv", FieldKind.Double, false),
        ("vanishing_ratio", FieldKind.Double, false), ("clipped_fraction", FieldKind.Double, false),
        ("dead_fraction", FieldKind.Double, false), ("saturated_fraction", FieldKind.Double, false),
    ];

    public static readonly (string Name, FieldKind Kind)[] CurvesColumns =
    [
        ("sweep_id", FieldKind.String), ("trial_id", FieldKind.String), ("step", FieldKind.Long), ("epoch", FieldKind.Int),
        ("examples", FieldKind.Long), ("wall_s", FieldKind.Double), ("lr", FieldKind.Double), ("train_loss", FieldKind.Double),
        ("val_loss", FieldKind.Double), ("val_accuracy", FieldKind.Double), ("grad_norm", FieldKind.Double),
        ("clipped", FieldKind.Bool), ("weight_norm", FieldKind.Double), ("update_ratio", FieldKind.Double),
    ];

    public static readonly (string Name, FieldKind Kind)[] LayersColumns =
    [
        ("sweep_id", FieldKind.String), ("trial_id", FieldKind.String), ("step", FieldKind.Long), ("layer", FieldKind.Int),
        ("kind", FieldKind.String), ("grad_norm", FieldKind.Double), ("weight_norm", FieldKind.Double), ("act_mean", FieldKind.Double),
        ("act_std", FieldKind.Double), ("saturated_fraction", FieldKind.Double), ("dead_fraction", FieldKind.Double),
    ];
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;

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

    /// <summary>
    /// (column, kind, nullable) of trials in column order, from the field tables: what an outside reader must see for
    /// each kind is the claim these tests check, so a new metric needs no change here.
    /// </summary>
    public static IEnumerable<(string Name, FieldKind Kind, bool Nullable)> TrialsColumns()
    {
        yield return ("sweep_id", FieldKind.String, false);
        yield return ("trial_id", FieldKind.String, false);
        foreach (var field in ConfigSchema.Fields)
        {
            yield return (field.Name, field.Kind, field.IsNullable);
        }

        foreach (var field in TrialRowFields.All)
        {
            yield return (field.Name, field.Kind, field.IsNullable);
        }

        foreach (var field in ResultFields.Summary)
        {
            yield return (field.Name, field.Kind, field.IsNullable);
        }
    }

    public static IEnumerable<(string Name, FieldKind Kind)> CurvesColumns =>
        [("sweep_id", FieldKind.String), ("trial_id", FieldKind.String), .. ResultFields.Eval.Select(f => (f.Name, f.Kind))];

    public static IEnumerable<(string Name, FieldKind Kind)> LayersColumns =>
        [("sweep_id", FieldKind.String), ("trial_id", FieldKind.String), .. ResultFields.Layer.Select(f => (f.Name, f.Kind))];
}

using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Corpus;

/// <summary>
/// The recorded trials of a labelled set: the curves its labels were written from, kept as a run folder
/// (experiments/diagnosis-runs/&lt;spec name&gt;/, written and read by Sweep's own results writer and reader).
/// Why recorded rather than trained in each test run: the engine's bits, and with them the path of every chaotic run
/// (collapses, spikes, noisy plateaus), differ between vector widths (AVX-512 sums a k block of 192 products where
/// AVX2 sums 256, and the reductions lean differently); a label describes one curve, so the classifier is scored on
/// that curve on every machine. The recording's trial ids, configs and spec are checked against the spec file, so
/// an edited spec cannot be scored against stale curves.
/// </summary>
public static class CorpusRecording
{
    /// <summary>The committed recording of a spec file: experiments/diagnosis-runs/&lt;file name without .json&gt;.</summary>
    public static string FolderOf(string specFile) =>
        Path.Combine(DiagnosisCorpus.RepositoryRoot(), "experiments", "diagnosis-runs", Path.GetFileNameWithoutExtension(specFile));

    /// <summary>Where a fresh recording is written (artifacts/diagnosis-runs/&lt;name&gt;), to be moved beside the others once labelled.</summary>
    public static string NewFolderOf(string specFile) =>
        Path.Combine(DiagnosisCorpus.RepositoryRoot(), "artifacts", "diagnosis-runs", Path.GetFileNameWithoutExtension(specFile));

    /// <summary>Writes <paramref name="trials"/> (trained from <paramref name="spec"/>) as a new run folder at <paramref name="folder"/>, replacing one there.</summary>
    public static async Task WriteAsync(string folder, SweepSpec spec, IReadOnlyList<CorpusTrial> trials)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var runFolder = RunFolder.Open(folder, spec, RunFolderMode.New);
        // Fixed times: a re-recording of the same curves gives the same files but for the Parquet writer's own metadata.
        var recorded = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = trials.Select(trial =>
        {
            var data = trial.Data;
            var row = new TrialRow(spec.SweepId, data.TrialId, data.Config, data.Status, trial.Error, 1, Environment.MachineName,
                recorded, recorded, data.DurationSeconds, data.Summary)
            {
                Worker = Sweep.Engine.Kernels.Gemm.KernelName,
                StopRule = data.StopRule,
                StopReason = data.StopReason,
            };
            return new TrialRecord(row, data.Curve, data.Layers);
        }).ToList();
        await using (var writer = runFolder.CreateWriter())
        {
            // one batch: one part file per table, the smallest recording
            await writer.CommitAsync(records, CancellationToken.None);
        }

        // the writer's lock file outlives it by design (it marks the folder as a run folder's); a recording has no writer
        File.Delete(Path.Combine(folder, ".writer.lock"));
    }

    /// <summary>
    /// The recorded trials of <paramref name="spec"/> in spec order, read from <paramref name="folder"/>: curves by step,
    /// every layer row of every evaluation (by step, then layer), the chance level computed from the config.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder records another spec, or misses one of its trials; the message names the folder.</exception>
    public static IReadOnlyList<CorpusTrial> Read(string folder, SweepSpec spec)
    {
        var runFolder = RunFolder.OpenExisting(folder);
        if (runFolder.SweepId != spec.SweepId)
        {
            throw new InvalidDataException(
                $"{folder}: records sweep {runFolder.SweepId}, but {spec.Name} is now sweep {spec.SweepId}: the spec changed since it was recorded; record it again and check its labels (experiments/README.md)");
        }

        var reader = runFolder.CreateReader();
        var rows = reader.ReadTrials().ToDictionary(r => r.TrialId);
        var curves = reader.ReadCurves().GroupBy(r => r.TrialId).ToDictionary(g => g.Key, g => g.Select(r => r.Point).OrderBy(p => p.Step).ToList());
        var layers = reader.ReadLayers().GroupBy(r => r.TrialId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Point).OrderBy(p => p.Step).ThenBy(p => p.Layer).ToList());
        return [.. spec.EnumerateTrials().Select(config =>
        {
            var key = DiagnosisCorpus.KeyOf(spec, config);
            var id = TrialId.Of(config);
            if (!rows.TryGetValue(id, out var row))
            {
                throw new InvalidDataException($"{folder}: no recorded trial {id} ({key}); record the spec again");
            }

            var data = new TrialData(id, row.Config, row.Status, row.Summary, row.DurationSeconds,
                curves.GetValueOrDefault(id) ?? [], layers.GetValueOrDefault(id) ?? [])
            {
                StopRule = row.StopRule,
                StopReason = row.StopReason,
            };
            return new CorpusTrial(key, data, ChanceLossOrNaN(config), row.Error);
        })];
    }

    // A failed trial's dataset may not load (that is why it failed): its chance level is unknown, as when it was trained.
    private static double ChanceLossOrNaN(Sweep.Engine.Config.TrialConfig config)
    {
        try
        {
            return DiagnosisCorpus.ChanceLoss(config);
        }
        catch (Exception e) when (e is ArgumentException or Sweep.Engine.Data.DatasetException or InvalidOperationException)
        {
            return double.NaN;
        }
    }

    /// <summary>The engine kernel a recording was made with (each row's worker column), e.g. "vector256 6x16".</summary>
    public static string KernelOf(string folder) =>
        string.Join(", ", RunFolder.OpenExisting(folder).CreateReader().ReadTrials().Select(r => r.Worker).Distinct().Order(StringComparer.Ordinal));
}

using Sweep.Engine.Config;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Support;

/// <summary>Writes trials made up by a test into a real run folder through the results writer.</summary>
internal static class SyntheticRunFolder
{
    public static async Task<RunFolder> WriteAsync(string path, SweepSpec spec, Func<TrialConfig, TrialData> makeTrial)
    {
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = spec.EnumerateTrials().Select(config =>
        {
            var trial = makeTrial(config) with { TrialId = TrialId.Of(config), Config = config };
            var started = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var row = new TrialRow(spec.SweepId, trial.TrialId, trial.Config, trial.Status, null, 1, "test-host",
                started, started.AddSeconds(trial.DurationSeconds), trial.DurationSeconds, trial.Summary);
            return new TrialRecord(row, trial.Curve, trial.Layers);
        }).ToList();
        await using (var writer = folder.CreateWriter())
        {
            foreach (var batch in records.Chunk(7))
            {
                await writer.CommitAsync(batch, CancellationToken.None);
            }
        }

        return folder;
    }
}

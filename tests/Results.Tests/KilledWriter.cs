using Sweep.Specs;

namespace Sweep.Results.Tests;

/// <summary>
/// What the killed process does: resume the kill-test sweep in a folder and commit its missing trials
/// in small batches with long curves (so a kill often lands mid-write), printing "committed" after each,
/// and compact after every <see cref="CompactEvery"/> commits (so kills land mid-compaction too).
/// </summary>
internal static class KilledWriter
{
    public const int BatchSize = 4;
    public const int CurvePoints = 3000;
    public const int CompactEvery = 2;

    public static SweepSpec Spec() => TestRuns.Spec(name: "kill-test", optimizers: ["sgd", "momentum", "adam"], depths: [2, 3, 4, 5], seeds: 4);

    public static async Task RunAsync(string path)
    {
        var spec = Spec();
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var done = folder.CommittedTrialIds();
        await using var writer = folder.CreateWriter();
        var pending = spec.EnumerateTrials()
            .Select((config, index) => (config, index))
            .Where(t => !done.Contains(TrialId.Of(t.config)));
        int commits = 0;
        foreach (var batch in pending.Chunk(BatchSize))
        {
            var records = batch.Select(t => TestRuns.Record(spec.SweepId, t.config, t.index, CurvePoints)).ToList();
            await writer.CommitAsync(records, CancellationToken.None);
            Console.WriteLine("committed");
            if (++commits % CompactEvery == 0)
            {
                Console.WriteLine("compacting");
                await writer.CompactAsync(CancellationToken.None);
            }
        }
    }
}

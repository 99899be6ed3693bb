using Sweep.Engine.Training;
using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

/// <summary>
/// A resumed sweep retries trials committed as failed: the new row supersedes the old one for readers at once, and
/// compaction (at the writer's end, or the next open after a crash) drops the old attempt's trials, curves and
/// layers rows, so the final folder holds each trial once in every table, as raw globs (DuckDB) read it.
/// </summary>
public sealed class CurrentRowsTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CompactionRuns _duck = new();

    public void Dispose()
    {
        _duck.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_retried_failed_trial_supersedes_its_failed_row_for_readers_before_any_compaction()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var retries = Retries(records);
        Assert.Equal(4, retries.Count);

        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            writer.CompactOnDispose = false;
            Assert.Equal(records.Count, writer.CommittedCount);
            await writer.CommitAsync(retries, CancellationToken.None);
            Assert.Equal(records.Count, writer.CommittedCount);
        }

        var final = Final(records, retries);
        PartCompactorTests.AssertExactlyOnce(folder, final);
        var rows = folder.CreateReader().ReadTrials().ToDictionary(r => r.TrialId);
        Assert.All(retries, r => Assert.Equal((TrialStatus.Completed, "gamma"), (rows[r.TrialId].Status, rows[r.TrialId].WorkerHost)));
        Assert.Equal(6 * retries.Count, folder.CreateReader().ReadCurves(retries.Select(r => r.TrialId).ToList()).Count());
        Assert.DoesNotContain(TrialStatus.Failed, folder.CommittedTrialStatuses().Values);
        // Raw globs still see the superseded rows until a compaction: that is what the next open or writer does.
        Assert.Equal(records.Count + retries.Count, _duck.Scalar($"SELECT count(*) FROM '{folder.Path}/trials/*.parquet'"));
    }

    [Fact]
    public async Task The_writers_compaction_drops_the_superseded_rows_from_every_table()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        folder.Compact();
        var retries = Retries(records);

        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            // One retry per commit: a single small batch beside the compacted part is still merged, for its superseded rows.
            await writer.CommitAsync(retries.Take(1).ToList(), CancellationToken.None);
        }

        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            await writer.CommitAsync(retries.Skip(1).ToList(), CancellationToken.None);
        }

        await AssertFinalFolderAsync(folder, Final(records, retries));
    }

    /// <summary>A process killed after committing retries and before compacting: the next open compacts them away.</summary>
    [Fact]
    public async Task After_a_crash_between_commit_and_compaction_the_next_open_drops_the_superseded_rows()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var retries = Retries(records);
        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            writer.CompactOnDispose = false;
            await writer.CommitAsync(retries, CancellationToken.None);
        }

        var reopened = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume);

        await AssertFinalFolderAsync(reopened, Final(records, retries));
    }

    [Theory]
    [MemberData(nameof(PartCompactorTests.Steps), MemberType = typeof(PartCompactorTests))]
    public async Task A_compaction_of_retries_stopped_after_any_step_is_repaired_by_the_next_open(string stepName)
    {
        var step = Enum.Parse<CompactionStep>(stepName);
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var retries = Retries(records);
        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            writer.CompactOnDispose = false;
            await writer.CommitAsync(retries, CancellationToken.None);
        }

        var final = Final(records, retries);
        await new PartCompactor(new RunFolderLayout(folder.Path)) { StopAfter = s => s == step }.CompactAsync(2, CancellationToken.None);
        PartCompactorTests.AssertExactlyOnce(folder, final);

        await AssertFinalFolderAsync(RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume), final);
    }

    [Fact]
    public async Task A_retry_is_committed_once_and_a_trial_that_did_not_fail_is_never_superseded()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var retry = Retries(records)[0];
        var notFailed = records.First(r => r.Status != TrialStatus.Failed);
        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            await writer.CommitAsync([retry], CancellationToken.None);
            await writer.CommitAsync([retry with { WorkerHost = "delta" }, notFailed with { WorkerHost = "delta" }], CancellationToken.None);
        }

        var rows = folder.CreateReader().ReadTrials().ToDictionary(r => r.TrialId);
        Assert.Equal(records.Count, rows.Count);
        Assert.Equal("gamma", rows[retry.TrialId].WorkerHost);
        Assert.Equal(notFailed.WorkerHost, rows[notFailed.TrialId].WorkerHost);
    }

    [Fact]
    public async Task A_trial_that_fails_again_keeps_its_latest_failure_and_a_success_wins_whatever_the_clocks_say()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var failed = records.Where(r => r.Status == TrialStatus.Failed).Take(2).ToList();
        // The first fails again, later; the second succeeds on a worker whose clock is an hour behind.
        TrialRecord failsAgain = failed[0] with { Error = "boom again", FinishedAt = failed[0].FinishedAt.AddMinutes(5) };
        TrialRecord succeedsEarlier = failed[1] with { Status = TrialStatus.Completed, Error = null, FinishedAt = failed[1].FinishedAt.AddHours(-1) };
        await using (var writer = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume).CreateWriter())
        {
            writer.CompactOnDispose = false;
            await writer.CommitAsync([failsAgain, succeedsEarlier], CancellationToken.None);
        }

        foreach (var read in new[] { folder, RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume) })
        {
            var rows = read.CreateReader().ReadTrials().ToDictionary(r => r.TrialId);
            Assert.Equal(records.Count, rows.Count);
            Assert.Equal((TrialStatus.Failed, "boom again"), (rows[failsAgain.TrialId].Status, rows[failsAgain.TrialId].Error));
            Assert.Equal(TrialStatus.Completed, rows[succeedsEarlier.TrialId].Status);
        }
    }

    /// <summary>
    /// An extended folder retries a failed trial of its earlier spec under the new sweep id: the earlier sweep's only
    /// batch then holds nothing current, and compaction replaces it with an empty trials part (the commit point).
    /// </summary>
    [Fact]
    public async Task A_batch_whose_every_row_is_superseded_under_another_sweep_id_compacts_to_an_empty_part()
    {
        var before = TestRuns.Spec(optimizers: ["sgd"], seeds: 1);
        var after = TestRuns.Spec(optimizers: ["sgd", "adam"], seeds: 1);
        var config = before.EnumerateTrials().First();
        var failed = TestRuns.Record(before.SweepId, config, 2);
        Assert.Equal(TrialStatus.Failed, failed.Status);
        string path = _temp.Sub("run");
        await using (var writer = RunFolder.Open(path, before, RunFolderMode.New).CreateWriter())
        {
            await writer.CommitAsync([failed], CancellationToken.None);
        }

        var retry = TestRuns.Record(after.SweepId, config, 0) with { FinishedAt = failed.FinishedAt.AddMinutes(1) };
        var extended = RunFolder.Open(path, after, RunFolderMode.Extend);
        await using (var writer = extended.CreateWriter())
        {
            await writer.CommitAsync([retry], CancellationToken.None);
        }

        PartCompactorTests.AssertExactlyOnce(extended, [retry]);
        Assert.Equal(1, _duck.Scalar($"SELECT count(*) FROM '{path}/trials/*.parquet'"));
        Assert.Equal(retry.Curve.Count, _duck.Scalar($"SELECT count(*) FROM '{path}/curves/*.parquet'"));
        Assert.False(new RunFolderLayout(path).CommittedParts().HoldsRetries);
    }

    /// <summary>Every failed record rerun: completed by "gamma", finishing a minute later, with 6 curve points instead of 5.</summary>
    private static List<TrialRecord> Retries(List<TrialRecord> records) =>
        records.Select((r, i) => (Record: r, Index: i)).Where(p => p.Record.Status == TrialStatus.Failed).Select(p =>
        {
            var fresh = TestRuns.Record(p.Record.SweepId, p.Record.Config, p.Index, curvePoints: 6);
            return fresh with
            {
                Status = TrialStatus.Completed, Error = null, WorkerHost = "gamma",
                StartedAt = p.Record.StartedAt.AddMinutes(1), FinishedAt = p.Record.FinishedAt.AddMinutes(1),
            };
        }).ToList();

    private static List<TrialRecord> Final(List<TrialRecord> records, List<TrialRecord> retries)
    {
        var retried = retries.ToDictionary(r => r.TrialId);
        return records.Select(r => retried.GetValueOrDefault(r.TrialId) ?? r).ToList();
    }

    /// <summary>
    /// Our reader and DuckDB's raw globs both see exactly the final records: the same rows, table by table, as a folder
    /// into which only the final records were ever committed.
    /// </summary>
    private async Task AssertFinalFolderAsync(RunFolder folder, List<TrialRecord> final)
    {
        PartCompactorTests.AssertExactlyOnce(folder, final);
        var expected = RunFolder.Open(_temp.Sub("expected"), folder.Spec, RunFolderMode.New);
        await using (var writer = expected.CreateWriter())
        {
            await writer.CommitAsync(final, CancellationToken.None);
        }

        foreach (string table in CompactionRuns.Tables)
        {
            Assert.Equal(_duck.Fingerprint(expected, table), _duck.Fingerprint(folder, table));
        }

        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.False(new RunFolderLayout(folder.Path).CommittedParts().HoldsRetries);
    }
}

using Sweep.Engine.Training;

namespace Sweep.Results.Tests;

public sealed class ResultsWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_commit_round_trips_every_field()
    {
        var spec = TestRuns.Spec();
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records, CancellationToken.None);
        }

        var reader = folder.CreateReader();
        var rows = reader.ReadTrials().ToDictionary(r => r.TrialId);
        Assert.Equal(records.Count, rows.Count);
        foreach (var record in records)
        {
            var expected = record.ToRow() with
            {
                Config = record.Config.Canonical(),
                StartedAt = TestRuns.TruncateToMicros(record.StartedAt),
                FinishedAt = TestRuns.TruncateToMicros(record.FinishedAt),
            };
            Assert.Equal(expected, rows[record.TrialId]);
            Assert.Equal(DateTimeKind.Utc, rows[record.TrialId].StartedAt.Kind);
        }

        var curves = reader.ReadCurves().ToList();
        Assert.Equal(records.SelectMany(r => r.Curve.Select(p => new CurveRow(r.TrialId, p))), curves);
        var layers = reader.ReadLayers().ToList();
        Assert.Equal(records.SelectMany(r => r.Layers.Select(p => new LayerRow(r.TrialId, p))), layers);
    }

    [Fact]
    public async Task Committing_a_trial_again_writes_nothing()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records.Take(3).ToList(), CancellationToken.None);
            await writer.CommitAsync(records.Take(3).ToList(), CancellationToken.None);
            Assert.Equal(3, writer.CommittedCount);
        }

        var partsBefore = Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Length;
        await using (var writer = RunFolder.Open(path, spec, RunFolderMode.Resume).CreateWriter())
        {
            await writer.CommitAsync(records.Take(2).ToList(), CancellationToken.None);
        }

        Assert.Equal(partsBefore, Directory.GetFiles(path, "*.parquet", SearchOption.AllDirectories).Length);
        Assert.Equal(3, folder.CreateReader().ReadTrials().Count());
        Assert.Equal(3 * records[0].Curve.Count, folder.CreateReader().ReadCurves().Count());
    }

    [Fact]
    public async Task Duplicates_within_a_batch_are_committed_once()
    {
        var spec = TestRuns.Spec();
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var record = TestRuns.Records(spec)[0];
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync([record, record with { Attempts = 9 }], CancellationToken.None);
        }

        var row = Assert.Single(folder.CreateReader().ReadTrials());
        Assert.Equal(record.Attempts, row.Attempts);
        Assert.Equal(record.Curve.Count, folder.CreateReader().ReadCurves().Count());
    }

    [Fact]
    public async Task Each_batch_is_one_part_per_table_numbered_after_the_highest_existing_part()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records.Take(2).ToList(), CancellationToken.None);
            await writer.CommitAsync(records.Skip(2).Take(2).ToList(), CancellationToken.None);
        }

        await using (var writer = RunFolder.Open(path, spec, RunFolderMode.Resume).CreateWriter())
        {
            await writer.CommitAsync(records.Skip(4).ToList(), CancellationToken.None);
        }

        foreach (string table in new[] { "trials", "curves", "layers" })
        {
            Assert.Equal(
                ["part-00001.parquet", "part-00002.parquet", "part-00003.parquet"],
                Directory.GetFiles(Path.Combine(path, table)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_batch_without_curve_points_publishes_only_its_trials_part()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var failed = TestRuns.Records(spec, curvePoints: 0).Take(2).ToList();
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(failed, CancellationToken.None);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(path, "trials")));
        Assert.Empty(Directory.GetFiles(Path.Combine(path, "curves")));
        Assert.Equal(2, folder.CreateReader().ReadTrials().Count());
        Assert.Empty(folder.CreateReader().ReadCurves());
    }

    [Fact]
    public async Task A_failed_commit_leaves_no_part_behind_and_can_be_retried()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec).Take(2).ToList();
        string trials = Path.Combine(path, "trials");
        await using var writer = folder.CreateWriter();
        Directory.Delete(trials);
        File.WriteAllText(trials, "a file where the trials folder belongs");

        var error = await Assert.ThrowsAsync<RunFolderException>(() => writer.CommitAsync(records, CancellationToken.None));

        Assert.Equal(RunFolderFailure.NotWritable, error.Reason);
        Assert.Contains("trials", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(path, "curves")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(path, "layers")));

        File.Delete(trials);
        Directory.CreateDirectory(trials);
        await writer.CommitAsync(records, CancellationToken.None);
        Assert.Equal(2, folder.CreateReader().ReadTrials().Count());
        Assert.Equal(records.Sum(r => r.Curve.Count), folder.CreateReader().ReadCurves().Count());
    }

    [Fact]
    public async Task A_cancelled_commit_publishes_nothing()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        await using var writer = folder.CreateWriter();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.CommitAsync(TestRuns.Records(spec), cancelled.Token));

        Assert.DoesNotContain(Directory.GetFiles(path, "*", SearchOption.AllDirectories), f => f.Contains("part-", StringComparison.Ordinal));
        Assert.Equal(0, writer.CommittedCount);
    }

    [Fact]
    public async Task Local_times_are_stored_as_utc()
    {
        var spec = TestRuns.Spec();
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var record = TestRuns.Records(spec)[0];
        var local = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Local);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync([record with { StartedAt = local }], CancellationToken.None);
        }

        var row = Assert.Single(folder.CreateReader().ReadTrials());
        Assert.Equal(local.ToUniversalTime(), row.StartedAt);
        Assert.Equal(DateTimeKind.Utc, row.StartedAt.Kind);
    }

    [Fact]
    public async Task Statuses_and_errors_are_kept()
    {
        var spec = TestRuns.Spec();
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records, CancellationToken.None);
        }

        var rows = folder.CreateReader().ReadTrials().ToList();
        Assert.Equal(records.Count(r => r.Status == TrialStatus.Failed), rows.Count(r => r.Status == TrialStatus.Failed && r.Error!.StartsWith("boom", StringComparison.Ordinal)));
        Assert.All(rows.Where(r => r.Status != TrialStatus.Failed), r => Assert.Null(r.Error));
    }
}

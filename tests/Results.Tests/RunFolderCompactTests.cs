using Sweep.Results.Storage;
using Sweep.Results.Tests.Storage;

namespace Sweep.Results.Tests;

/// <summary>RunFolder.Compact and the writer's compactions: row groups of 100,000 rows or more, exactly-once, and when they run on their own.</summary>
public sealed class RunFolderCompactTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CompactionRuns _duck = new();

    public void Dispose()
    {
        _duck.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Compact_leaves_row_groups_of_100k_rows_or_more_where_a_table_has_that_many()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"), batchSize: 2, curvePoints: 9000);
        long curveRows = records.Sum(r => r.Curve.Count);
        Assert.True(curveRows >= 100_000, $"only {curveRows} curve rows");

        folder.Compact();

        Assert.Equal([records.Count], _duck.RowGroupSizes(folder, "trials"));
        Assert.Equal([curveRows], _duck.RowGroupSizes(folder, "curves"));
        var layerGroups = _duck.RowGroupSizes(folder, "layers");
        Assert.Equal(records.Sum(r => r.Layers.Count), layerGroups.Sum());
        Assert.All(layerGroups, rows => Assert.InRange(rows, 100_000, 199_999));
        Assert.Equal((records.Count, curveRows), _duck.RawCounts(folder));
    }

    [Fact]
    public async Task Compact_refuses_while_a_writer_holds_the_folder()
    {
        var (folder, _) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        await using var writer = folder.CreateWriter();

        var refused = Assert.Throws<RunFolderException>(() => folder.Compact());

        Assert.Equal(RunFolderFailure.InUse, refused.Reason);
        Assert.Equal(6, CompactionRuns.PartCount(folder, "trials"));
    }

    [Fact]
    public async Task A_writer_compacts_on_request_and_goes_on_committing_after_it()
    {
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2, 3], seeds: 2);
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = folder.CreateWriter())
        {
            foreach (var batch in records.Take(8).Chunk(2))
            {
                await writer.CommitAsync(batch, CancellationToken.None);
            }

            Assert.Equal(4, (await writer.CompactAsync(CancellationToken.None)).PartsReplaced);
            await writer.CommitAsync(records.Skip(8).ToList(), CancellationToken.None);
            await writer.CommitAsync(records.Take(3).ToList(), CancellationToken.None);
            Assert.Equal(records.Count, writer.CommittedCount);
        }

        Assert.Equal(["part-00005.parquet", "part-00006.parquet"], Directory.GetFiles(Path.Combine(folder.Path, "trials")).Select(Path.GetFileName).Order());
        PartCompactorTests.AssertExactlyOnce(folder, records);
    }

    [Fact]
    public async Task A_writer_ending_with_many_small_parts_compacts_them_and_one_with_few_does_not()
    {
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2, 3], seeds: 3);
        var records = TestRuns.Records(spec);
        Assert.True(records.Count >= 16);
        var few = RunFolder.Open(_temp.Sub("few"), spec, RunFolderMode.New);
        var many = RunFolder.Open(_temp.Sub("many"), spec, RunFolderMode.New);

        await CommitOneByOneAsync(few, records.Take(15));
        await CommitOneByOneAsync(many, records);

        Assert.Equal(15, CompactionRuns.PartCount(few, "trials"));
        Assert.Equal(1, CompactionRuns.PartCount(many, "trials"));
        Assert.Equal(1, CompactionRuns.PartCount(many, "layers"));
        PartCompactorTests.AssertExactlyOnce(many, records);
    }

    [Fact]
    public async Task Resuming_a_folder_of_many_small_parts_compacts_them()
    {
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2, 3], seeds: 3);
        var records = TestRuns.Records(spec).Take(16).ToList();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        // What a writer killed before its end leaves: one part per commit, never compacted.
        var layout = new RunFolderLayout(folder.Path);
        for (int i = 0; i < records.Count; i++)
        {
            TrialRecord[] batch = [records[i]];
            await PartFiles.PublishAsync(layout.CurvesFolder, i + 1, (s, ct) => PointTables.Curves.WriteAsync(s, batch, spec.SweepId, ct), CancellationToken.None);
            await PartFiles.PublishAsync(layout.LayersFolder, i + 1, (s, ct) => PointTables.Layers.WriteAsync(s, batch, spec.SweepId, ct), CancellationToken.None);
            await PartFiles.PublishAsync(layout.TrialsFolder, i + 1, (s, ct) => TrialsTable.WriteAsync(s, batch, spec.SweepId, 0, ct), CancellationToken.None);
        }

        Assert.Equal(16, CompactionRuns.PartCount(folder, "trials"));
        var resumed = RunFolder.Open(path, spec, RunFolderMode.Resume);

        Assert.Equal(1, CompactionRuns.PartCount(resumed, "trials"));
        PartCompactorTests.AssertExactlyOnce(resumed, records);
    }

    private static async Task CommitOneByOneAsync(RunFolder folder, IEnumerable<TrialRecord> records)
    {
        await using var writer = folder.CreateWriter();
        foreach (var record in records)
        {
            await writer.CommitAsync([record], CancellationToken.None);
        }
    }
}

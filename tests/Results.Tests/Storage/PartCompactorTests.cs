using Sweep.Results.Storage;
using Sweep.Specs;

namespace Sweep.Results.Tests.Storage;

/// <summary>
/// Compaction keeps every row exactly once, in the tables' format, with large row groups; readers see
/// each committed trial once at every step; a compaction stopped after any step (as a killed process
/// stops) is repaired by the next open to exactly-once.
/// </summary>
public sealed class PartCompactorTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly CompactionRuns _duck = new();

    public void Dispose()
    {
        _duck.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Compaction_merges_every_table_into_one_part_with_the_same_rows()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var before = CompactionRuns.Tables.ToDictionary(t => t, t => _duck.Fingerprint(folder, t));
        Assert.Equal(6, CompactionRuns.PartCount(folder, "trials"));

        var result = folder.Compact();

        Assert.Equal((6, 1, records.Count + records.Sum(r => r.Curve.Count + r.Layers.Count)), (result.PartsReplaced, result.PartsWritten, result.RowsWritten));
        Assert.True(result.OverlapWindow > TimeSpan.Zero);
        foreach (string table in CompactionRuns.Tables)
        {
            Assert.Equal(1, CompactionRuns.PartCount(folder, table));
            Assert.Equal(before[table], _duck.Fingerprint(folder, table));
        }

        Assert.Equal(["part-00007.parquet"], Directory.GetFiles(Path.Combine(folder.Path, "curves")).Select(Path.GetFileName));
        Assert.Equal("1,2,3,4,5,6", _duck.Rows(
            $"SELECT decode(value) FROM parquet_kv_metadata('{folder.Path}/trials/*.parquet') WHERE decode(key) = 'replaces_parts'", r => r.GetString(0)).Single());
        AssertExactlyOnce(folder, records);
    }

    [Fact]
    public async Task Compacted_parts_keep_the_format_zstd_dictionary_encoding_and_metadata()
    {
        var (folder, _) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));

        folder.Compact();

        string curves = $"{folder.Path}/curves/*.parquet";
        Assert.Equal(["ZSTD"], _duck.Rows($"SELECT DISTINCT compression FROM parquet_metadata('{curves}')", r => r.GetString(0)));
        string encodings = _duck.Rows($"SELECT encodings FROM parquet_metadata('{curves}') WHERE path_in_schema = 'trial_id'", r => r.GetString(0)).Single();
        Assert.True(encodings.Contains("DICTIONARY", StringComparison.Ordinal), encodings);
        var metadata = _duck.Rows($"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{curves}')", r => (r.GetString(0), r.GetString(1))).ToDictionary();
        Assert.Equal(folder.SweepId, metadata["sweep_id"]);
        Assert.Equal("curves", metadata["table"]);
        Assert.Equal("1", metadata["schema_version"]);
    }

    [Fact]
    public async Task Row_groups_hold_at_least_the_target_and_under_twice_it_when_there_are_that_many_rows()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"), batchSize: 1, curvePoints: 10);
        const int target = 25;

        await Compactor(folder, target).CompactAsync(2, CancellationToken.None);

        Assert.Equal([records.Count], _duck.RowGroupSizes(folder, "trials"));
        foreach (string table in new[] { "curves", "layers" })
        {
            var sizes = _duck.RowGroupSizes(folder, table);
            Assert.True(sizes.Count > 1, $"{table}: one row group");
            Assert.All(sizes, size => Assert.InRange(size, target, (2 * target) - 1));
        }

        Assert.Equal(records.Sum(r => r.Layers.Count), _duck.RowGroupSizes(folder, "layers").Sum());
        AssertExactlyOnce(folder, records);
    }

    [Theory]
    [InlineData(10, 25, new[] { 10 })]
    [InlineData(25, 25, new[] { 25 })]
    [InlineData(49, 25, new[] { 49 })]
    [InlineData(50, 25, new[] { 25, 25 })]
    [InlineData(101, 25, new[] { 26, 25, 25, 25 })]
    public void Row_group_sizes_split_rows_evenly(long rows, int target, int[] expected) =>
        Assert.Equal(expected, PartCompactor.RowGroupSizes(rows, target));

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_compaction_stopped_after_any_step_is_repaired_by_the_next_open_to_exactly_once(string stepName)
    {
        var step = Enum.Parse<CompactionStep>(stepName);
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var before = CompactionRuns.Tables.ToDictionary(t => t, t => _duck.Fingerprint(folder, t));
        var stopped = new PartCompactor(new RunFolderLayout(folder.Path)) { StopAfter = s => s == step };

        Assert.Equal(CompactionResult.None, await stopped.CompactAsync(2, CancellationToken.None));

        // Before any repair, our reader already sees each committed trial once.
        AssertExactlyOnce(folder, records);
        var reopened = RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume);
        AssertRawGlobsExactlyOnce(reopened, records, before);
        Assert.Equal(
            Directory.GetFiles(Path.Combine(folder.Path, "trials"), "*.parquet").Select(Path.GetFileName),
            Directory.GetFiles(Path.Combine(folder.Path, "curves"), "*.parquet").Select(Path.GetFileName));

        reopened.Compact();
        Assert.Equal(1, CompactionRuns.PartCount(reopened, "trials"));
        AssertRawGlobsExactlyOnce(reopened, records, before);
        AssertExactlyOnce(reopened, records);
        await using var writer = reopened.CreateWriter();
        Assert.Equal(records.Count, writer.CommittedCount);
    }

    [Fact]
    public async Task Readers_see_each_committed_trial_once_after_every_step()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var seen = new List<CompactionStep>();
        var compactor = new PartCompactor(new RunFolderLayout(folder.Path))
        {
            StopAfter = step =>
            {
                AssertExactlyOnce(folder, records);
                seen.Add(step);
                return false;
            },
        };

        await compactor.CompactAsync(2, CancellationToken.None);

        Assert.Equal(Enum.GetValues<CompactionStep>(), seen);
    }

    [Fact]
    public async Task A_reader_part_way_through_when_compaction_deletes_its_parts_returns_each_row_once()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var reader = RunFolder.OpenExisting(folder.Path).CreateReader();
        using var curves = reader.ReadCurves().GetEnumerator();
        using var trials = reader.ReadTrials().GetEnumerator();
        var curveRows = new List<(TrialId, long)>();
        var trialIds = new List<TrialId>();
        for (int i = 0; i < 3 && curves.MoveNext() && trials.MoveNext(); i++)
        {
            curveRows.Add((curves.Current.TrialId, curves.Current.Point.Step));
            trialIds.Add(trials.Current.TrialId);
        }

        Assert.Equal(6, folder.Compact().PartsReplaced);
        while (curves.MoveNext())
        {
            curveRows.Add((curves.Current.TrialId, curves.Current.Point.Step));
        }

        while (trials.MoveNext())
        {
            trialIds.Add(trials.Current.TrialId);
        }

        Assert.Equal(records.SelectMany(r => r.Curve.Select(p => (r.TrialId, p.Step))).Order(), curveRows.Order());
        Assert.Equal(records.Select(r => r.TrialId).Order(), trialIds.Order());
    }

    [Fact]
    public async Task Readers_running_beside_commits_and_compactions_never_see_a_row_twice()
    {
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2, 3], seeds: 4);
        var records = TestRuns.Records(spec);
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        using var done = new CancellationTokenSource();
        int reads = 0;
        var reader = Task.Run(() =>
        {
            var results = RunFolder.OpenExisting(folder.Path).CreateReader();
            while (!done.IsCancellationRequested)
            {
                var trialIds = results.ReadTrials().Select(t => t.TrialId).ToList();
                Assert.Equal(trialIds.Count, trialIds.Distinct().Count());
                var curveCounts = results.ReadCurves().GroupBy(c => c.TrialId).Select(g => g.Count());
                Assert.All(curveCounts, count => Assert.Equal(4, count));
                reads++;
            }
        });

        await using (var writer = folder.CreateWriter())
        {
            foreach (var batch in records.Chunk(2))
            {
                await writer.CommitAsync(batch, CancellationToken.None);
                await writer.CompactAsync(CancellationToken.None);
            }
        }

        await Task.Delay(50);
        await done.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        AssertExactlyOnce(folder, records);
    }

    [Fact]
    public async Task Compacting_again_without_new_small_parts_changes_nothing()
    {
        var (folder, _) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        folder.Compact();
        var files = Directory.GetFiles(folder.Path, "*.parquet", SearchOption.AllDirectories).Order().ToList();

        Assert.Equal(CompactionResult.None, folder.Compact());
        Assert.Equal(files, Directory.GetFiles(folder.Path, "*.parquet", SearchOption.AllDirectories).Order());
    }

    [Fact]
    public async Task A_compacted_part_is_merged_again_with_later_commits_and_supersedes_transitively()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2, 3], seeds: 4);
        folder.Compact();
        var extended = RunFolder.Open(folder.Path, spec, RunFolderMode.Extend);
        var more = TestRuns.Records(spec, 5).Where(r => r.Config.Depth == 3).ToList();
        await using (var writer = extended.CreateWriter())
        {
            foreach (var batch in more.Chunk(4))
            {
                await writer.CommitAsync(batch, CancellationToken.None);
            }
        }

        // Different sweep ids (before and after the extend) are kept in different parts.
        var result = extended.Compact();
        Assert.Equal((3, 1, more.Count + more.Sum(r => r.Curve.Count + r.Layers.Count)), (result.PartsReplaced, result.PartsWritten, result.RowsWritten));
        Assert.Equal(2, CompactionRuns.PartCount(extended, "trials"));
        AssertExactlyOnce(extended, [.. records, .. more]);
    }

    [Fact]
    public async Task A_cancelled_compaction_leaves_the_folder_as_it_was()
    {
        var (folder, records) = await CompactionRuns.SmallCommitsAsync(_temp.Sub("run"));
        var files = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Order().ToList();

        Assert.ThrowsAny<OperationCanceledException>(() => folder.Compact(new CancellationToken(canceled: true)));

        Assert.Equal(files, Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Order());
        AssertExactlyOnce(folder, records);
    }

    /// <summary>Step names: the step type is internal to Sweep.Results.</summary>
    public static TheoryData<string> Steps() => new(Enum.GetNames<CompactionStep>());

    private static PartCompactor Compactor(RunFolder folder, int target) => new(new RunFolderLayout(folder.Path), target);

    /// <summary>ResultsReader returns every committed trial, curve and layer row exactly once.</summary>
    internal static void AssertExactlyOnce(RunFolder folder, List<TrialRecord> records)
    {
        var reader = RunFolder.OpenExisting(folder.Path).CreateReader();
        Assert.Equal(records.Select(r => r.TrialId).Order(), reader.ReadTrials().Select(t => t.TrialId).Order());
        Assert.Equal(records.SelectMany(r => r.Curve.Select(p => (r.TrialId, p.Step))).Order(), reader.ReadCurves().Select(c => (c.TrialId, c.Point.Step)).Order());
        Assert.Equal(records.Sum(r => r.Layers.Count), reader.ReadLayers().Count());
        Assert.Equal(records.Select(r => r.TrialId).ToHashSet(), folder.CommittedTrialIds());
    }

    private void AssertRawGlobsExactlyOnce(RunFolder folder, List<TrialRecord> records, Dictionary<string, List<string>> before)
    {
        Assert.Equal((records.Count, (long)records.Sum(r => r.Curve.Count)), _duck.RawCounts(folder));
        foreach (string table in CompactionRuns.Tables)
        {
            Assert.Equal(before[table], _duck.Fingerprint(folder, table));
        }

        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories));
    }
}

using Sweep.Engine.Training;
using Sweep.Results.Storage;

namespace Sweep.Results.Tests;

public sealed class ResultsReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(RunFolder Folder, List<TrialRecord> Records)> CommittedRunAsync(int batches = 2)
    {
        var spec = TestRuns.Spec(depths: [2, 3, 4]);
        var folder = RunFolder.Open(_temp.Sub("run"), spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using var writer = folder.CreateWriter();
        int size = (records.Count + batches - 1) / batches;
        foreach (var batch in records.Chunk(size))
        {
            await writer.CommitAsync(batch, CancellationToken.None);
        }

        return (folder, records);
    }

    [Fact]
    public async Task Filters_by_trial_ids_statuses_and_config_values()
    {
        var (folder, records) = await CommittedRunAsync();
        var reader = folder.CreateReader();
        var someIds = records.Where((_, i) => i % 5 == 0).Select(r => r.TrialId).ToHashSet();

        Assert.Equal(someIds, reader.ReadTrials(new TrialFilter { TrialIds = someIds }).Select(r => r.TrialId).ToHashSet());
        Assert.Equal(
            records.Where(r => r.Status == TrialStatus.Diverged).Select(r => r.TrialId).ToHashSet(),
            reader.ReadTrials(new TrialFilter { Statuses = new HashSet<TrialStatus> { TrialStatus.Diverged } }).Select(r => r.TrialId).ToHashSet());
        var where = new Dictionary<string, object?> { ["optimizer"] = "adam", ["depth"] = 3L, ["lr"] = 0.05 };
        Assert.Equal(
            records.Where(r => r.Config.Optimizer == "adam" && r.Config.Depth == 3).Select(r => r.TrialId).ToHashSet(),
            reader.ReadTrials(new TrialFilter { Where = where }).Select(r => r.TrialId).ToHashSet());
        Assert.Empty(reader.ReadTrials(new TrialFilter { Where = new Dictionary<string, object?> { ["depth"] = 7 } }));
    }

    [Fact]
    public async Task Curves_and_layers_are_filtered_by_trial_id()
    {
        var (folder, records) = await CommittedRunAsync();
        var reader = folder.CreateReader();
        var picked = records[1];

        var curve = reader.ReadCurves([picked.TrialId]).ToList();
        var layers = reader.ReadLayers([picked.TrialId]).ToList();

        Assert.Equal(picked.Curve, curve.Select(r => r.Point));
        Assert.All(curve, r => Assert.Equal(picked.TrialId, r.TrialId));
        Assert.Equal(picked.Layers, layers.Select(r => r.Point));
    }

    [Fact]
    public void An_unknown_filter_field_or_bad_value_is_an_argument_error_naming_it()
    {
        var folder = RunFolder.Open(_temp.Sub("run"), TestRuns.Spec(), RunFolderMode.New);

        var unknown = Assert.Throws<ArgumentException>(() => folder.CreateReader().ReadTrials(new TrialFilter { Where = new Dictionary<string, object?> { ["optimiser"] = "adam" } }));
        var badValue = Assert.Throws<ArgumentException>(() => folder.CreateReader().ReadTrials(new TrialFilter { Where = new Dictionary<string, object?> { ["depth"] = "three" } }));
        var notAllowed = Assert.Throws<ArgumentException>(() => folder.CreateReader().ReadTrials(new TrialFilter { Where = new Dictionary<string, object?> { ["optimizer"] = "adamx" } }));

        Assert.Contains("optimiser", unknown.Message);
        Assert.Contains("depth", badValue.Message);
        Assert.Contains("adamx", notAllowed.Message);
    }

    [Fact]
    public async Task Rows_of_a_batch_whose_trials_part_is_missing_are_ignored_and_resume_removes_them()
    {
        var (folder, records) = await CommittedRunAsync();
        var layout = new RunFolderLayout(folder.Path);
        // A crash between publishing curves/layers and trials leaves parts of batch 9 without its commit record.
        var orphan = TestRuns.Records(TestRuns.Spec(optimizers: ["rmsprop"])).Take(2).ToList();
        await PartFiles.PublishAsync(layout.CurvesFolder, 9, (s, ct) => PointTables.Curves.WriteAsync(s, orphan, folder.SweepId, ct), CancellationToken.None);
        await PartFiles.PublishAsync(layout.LayersFolder, 9, (s, ct) => PointTables.Layers.WriteAsync(s, orphan, folder.SweepId, ct), CancellationToken.None);
        string temp = Path.Combine(layout.TrialsFolder, ".part-00009.0123abcd.tmp");
        File.WriteAllText(temp, "half a file");

        var reader = folder.CreateReader();
        Assert.Equal(records.Sum(r => r.Curve.Count), reader.ReadCurves().Count());
        Assert.Equal(records.Sum(r => r.Layers.Count), reader.ReadLayers().Count());
        Assert.DoesNotContain(reader.ReadCurves(), r => orphan.Any(o => o.TrialId == r.TrialId));
        Assert.Equal(records.Count, folder.CommittedTrialIds().Count);

        RunFolder.Open(folder.Path, folder.Spec, RunFolderMode.Resume);

        Assert.False(File.Exists(Path.Combine(layout.CurvesFolder, "part-00009.parquet")));
        Assert.False(File.Exists(Path.Combine(layout.LayersFolder, "part-00009.parquet")));
        Assert.False(File.Exists(temp));
        Assert.Equal(2, Directory.GetFiles(layout.CurvesFolder).Length);
        Assert.Equal(records.Sum(r => r.Curve.Count), folder.CreateReader().ReadCurves().Count());
    }

    [Fact]
    public async Task A_writer_numbers_past_uncommitted_parts_so_it_never_collides_with_them()
    {
        var (folder, records) = await CommittedRunAsync(batches: 1);
        var layout = new RunFolderLayout(folder.Path);
        var orphan = records.Take(1).ToList();
        await PartFiles.PublishAsync(layout.CurvesFolder, 2, (s, ct) => PointTables.Curves.WriteAsync(s, orphan, folder.SweepId, ct), CancellationToken.None);

        var extra = TestRuns.Records(TestRuns.Spec(optimizers: ["rmsprop"])).Take(1).ToList();
        await using (var writer = RunFolder.OpenExisting(folder.Path).CreateWriter())
        {
            await writer.CommitAsync(extra, CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(layout.TrialsFolder, "part-00003.parquet")));
        Assert.Equal(records.Count + 1, folder.CommittedTrialIds().Count);
        Assert.Equal(records.Sum(r => r.Curve.Count) + extra[0].Curve.Count, folder.CreateReader().ReadCurves().Count());
    }

    [Fact]
    public async Task A_part_from_a_newer_schema_is_refused_with_its_file_name()
    {
        var (folder, _) = await CommittedRunAsync(batches: 1);
        var layout = new RunFolderLayout(folder.Path);
        string path = Path.Combine(layout.TrialsFolder, "part-00001.parquet");
        byte[] bytes = await File.ReadAllBytesAsync(path);
        // The footer's key-value metadata holds "schema_version" -> "1"; make it "9" in place.
        byte[] key = "schema_version"u8.ToArray();
        int at = bytes.AsSpan().LastIndexOf(key);
        int digit = Array.IndexOf(bytes, (byte)'1', at + key.Length);
        bytes[digit] = (byte)'9';
        await File.WriteAllBytesAsync(path, bytes);

        var error = Assert.Throws<RunFolderException>(() => folder.CommittedTrialIds());

        Assert.Equal(RunFolderFailure.NewerSchema, error.Reason);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_damaged_part_is_reported_as_corrupt_with_its_file_name()
    {
        var (folder, _) = await CommittedRunAsync(batches: 1);
        string path = Path.Combine(folder.Path, "curves", "part-00001.parquet");
        await File.WriteAllTextAsync(path, "this is not parquet");

        var error = Assert.Throws<RunFolderException>(() => folder.CreateReader().ReadCurves().ToList());

        Assert.Equal(RunFolderFailure.Corrupt, error.Reason);
        Assert.Contains(path, error.Message);
    }
}

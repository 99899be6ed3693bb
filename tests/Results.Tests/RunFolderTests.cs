using System.Text.Json.Nodes;
using Sweep.Engine;

namespace Sweep.Results.Tests;

public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void New_creates_sweep_json_and_the_table_folders()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");

        var folder = RunFolder.Open(path, spec, RunFolderMode.New);

        Assert.Equal(spec.SweepId, folder.SweepId);
        Assert.Equal(Path.GetFullPath(path), folder.Path);
        foreach (string table in new[] { "trials", "curves", "layers" })
        {
            Assert.True(Directory.Exists(Path.Combine(path, table)), table);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(path, "sweep.json")))!;
        Assert.Equal(spec.SweepId, (string?)manifest["sweep_id"]);
        Assert.Equal(1, (int?)manifest["schema_version"]);
        Assert.Equal(EngineInfo.Version, (string?)manifest["engine_version"]);
        Assert.Equal(JsonNode.Parse(spec.ToCanonicalJson())!.ToJsonString(), manifest["spec"]!.ToJsonString());
        Assert.Equal(folder.CreatedAt, DateTime.Parse((string)manifest["created_at"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal), TimeSpan.FromMilliseconds(1));
        Assert.Empty(folder.CommittedTrialIds());
    }

    [Fact]
    public void OpenExisting_gives_back_the_spec_with_the_same_sweep_id()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var created = RunFolder.Open(path, spec, RunFolderMode.New);

        var opened = RunFolder.OpenExisting(path);

        Assert.Equal(spec.SweepId, opened.SweepId);
        Assert.Equal(spec.SweepId, opened.Spec.SweepId);
        Assert.Equal(spec.CountTrials(), opened.Spec.CountTrials());
        Assert.Equal(created.CreatedAt, opened.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal("results-test", opened.Name);
    }

    [Fact]
    public async Task New_on_a_folder_of_the_same_sweep_resumes_it()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var first = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec);
        await using (var writer = first.CreateWriter())
        {
            await writer.CommitAsync(records.Take(3).ToList(), CancellationToken.None);
        }

        var again = RunFolder.Open(path, spec, RunFolderMode.New);

        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Equal(records.Take(3).Select(r => r.TrialId).ToHashSet(), again.CommittedTrialIds().ToHashSet());
    }

    [Theory]
    [InlineData(RunFolderMode.New)]
    [InlineData(RunFolderMode.Resume)]
    public void A_different_spec_is_refused_and_the_folder_is_untouched(RunFolderMode mode)
    {
        string path = _temp.Sub("run");
        RunFolder.Open(path, TestRuns.Spec(), RunFolderMode.New);
        string before = File.ReadAllText(Path.Combine(path, "sweep.json"));
        var other = TestRuns.Spec(optimizers: ["rmsprop"]);

        var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(path, other, mode));

        Assert.Equal(RunFolderFailure.SpecMismatch, error.Reason);
        Assert.Contains(other.SweepId, error.Message);
        Assert.Contains(Path.GetFullPath(path), error.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(path, "sweep.json")));
    }

    [Fact]
    public void Resume_of_a_missing_folder_is_NotFound()
    {
        var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(_temp.Sub("absent"), TestRuns.Spec(), RunFolderMode.Resume));

        Assert.Equal(RunFolderFailure.NotFound, error.Reason);
        Assert.False(Directory.Exists(_temp.Sub("absent")));
    }

    [Fact]
    public void OpenExisting_of_a_folder_without_sweep_json_is_NotFound()
    {
        Directory.CreateDirectory(_temp.Sub("empty"));

        var error = Assert.Throws<RunFolderException>(() => RunFolder.OpenExisting(_temp.Sub("empty")));

        Assert.Equal(RunFolderFailure.NotFound, error.Reason);
        Assert.Contains("sweep.json", error.Message);
    }

    [Fact]
    public async Task Extend_records_the_new_spec_keeps_the_history_and_the_finished_trials()
    {
        string path = _temp.Sub("run");
        var original = TestRuns.Spec(optimizers: ["sgd"]);
        var folder = RunFolder.Open(path, original, RunFolderMode.New);
        var records = TestRuns.Records(original);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records, CancellationToken.None);
        }

        var extended = TestRuns.Spec(optimizers: ["sgd", "adam"]);
        var reopened = RunFolder.Open(path, extended, RunFolderMode.Extend);

        Assert.Equal(extended.SweepId, reopened.SweepId);
        Assert.Equal(folder.CreatedAt, reopened.CreatedAt);
        Assert.Equal(records.Select(r => r.TrialId).ToHashSet(), reopened.CommittedTrialIds().ToHashSet());
        Assert.Subset(extended.EnumerateTrials().Select(Specs.TrialId.Of).ToHashSet(), reopened.CommittedTrialIds().ToHashSet());
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(path, "sweep.json")))!;
        var history = manifest["history"]!.AsArray();
        Assert.Single(history);
        Assert.Equal(original.SweepId, (string?)history[0]!["sweep_id"]);
        Assert.Equal(extended.SweepId, RunFolder.OpenExisting(path).Spec.SweepId);
    }

    [Fact]
    public async Task Fresh_deletes_the_results_but_not_other_files()
    {
        string path = _temp.Sub("run");
        var spec = TestRuns.Spec();
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(TestRuns.Records(spec), CancellationToken.None);
        }

        File.WriteAllText(Path.Combine(path, "notes.txt"), "mine");
        var other = TestRuns.Spec(optimizers: ["adagrad"]);

        var fresh = RunFolder.Open(path, other, RunFolderMode.Fresh);

        Assert.Equal(other.SweepId, fresh.SweepId);
        Assert.Empty(fresh.CommittedTrialIds());
        Assert.Empty(Directory.GetFiles(Path.Combine(path, "curves")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(path, "notes.txt")));
    }

    [Fact]
    public void A_newer_schema_version_is_refused_in_every_mode()
    {
        string path = _temp.Sub("run");
        var spec = TestRuns.Spec();
        RunFolder.Open(path, spec, RunFolderMode.New);
        string manifestPath = Path.Combine(path, "sweep.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["schema_version"] = 99;
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        string before = File.ReadAllText(manifestPath);

        foreach (var mode in Enum.GetValues<RunFolderMode>())
        {
            var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(path, spec, mode));
            Assert.Equal(RunFolderFailure.NewerSchema, error.Reason);
            Assert.Contains("99", error.Message);
        }

        Assert.Equal(RunFolderFailure.NewerSchema, Assert.Throws<RunFolderException>(() => RunFolder.OpenExisting(path)).Reason);
        Assert.Equal(before, File.ReadAllText(manifestPath));
    }

    [Theory]
    [InlineData("{ \"schema_version\": 1, ", "invalid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{ \"schema_version\": 1 }", "spec")]
    [InlineData("{ \"schema_version\": \"one\" }", "schema_version")]
    public void A_corrupt_sweep_json_is_reported_with_its_file_name(string text, string problem)
    {
        string path = _temp.Sub("run");
        RunFolder.Open(path, TestRuns.Spec(), RunFolderMode.New);
        string manifestPath = Path.Combine(path, "sweep.json");
        File.WriteAllText(manifestPath, text);

        var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(path, TestRuns.Spec(), RunFolderMode.Resume));

        Assert.Equal(RunFolderFailure.Corrupt, error.Reason);
        Assert.Contains(Path.GetFullPath(manifestPath), error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Equal(text, File.ReadAllText(manifestPath));
    }

    [Fact]
    public void Fresh_replaces_a_corrupt_sweep_json()
    {
        string path = _temp.Sub("run");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "sweep.json"), "not json");
        var spec = TestRuns.Spec();

        var folder = RunFolder.Open(path, spec, RunFolderMode.Fresh);

        Assert.Equal(spec.SweepId, RunFolder.OpenExisting(path).SweepId);
        Assert.Equal(spec.SweepId, folder.SweepId);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_NotWritable()
    {
        string file = _temp.Sub("a-file");
        File.WriteAllText(file, "in the way");

        var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(Path.Combine(file, "run"), TestRuns.Spec(), RunFolderMode.New));

        Assert.Equal(RunFolderFailure.NotWritable, error.Reason);
        Assert.Contains(file, error.Message);
        Assert.Equal("in the way", File.ReadAllText(file));
    }

    [Fact]
    public void Parts_without_sweep_json_are_not_taken_over()
    {
        string path = _temp.Sub("run");
        Directory.CreateDirectory(Path.Combine(path, "trials"));
        File.WriteAllText(Path.Combine(path, "trials", "part-00001.parquet"), "someone's data");

        var error = Assert.Throws<RunFolderException>(() => RunFolder.Open(path, TestRuns.Spec(), RunFolderMode.New));

        Assert.Equal(RunFolderFailure.Corrupt, error.Reason);
        Assert.False(File.Exists(Path.Combine(path, "sweep.json")));
    }

    [Fact]
    public async Task A_second_writer_on_the_same_folder_is_refused_while_the_first_holds_it()
    {
        var spec = TestRuns.Spec();
        string path = _temp.Sub("run");
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);

        await using (folder.CreateWriter())
        {
            var error = Assert.Throws<RunFolderException>(() => RunFolder.OpenExisting(path).CreateWriter());
            Assert.Equal(RunFolderFailure.InUse, error.Reason);
            Assert.Equal(RunFolderFailure.InUse, Assert.Throws<RunFolderException>(() => RunFolder.Open(path, spec, RunFolderMode.Resume)).Reason);
        }

        await using var second = folder.CreateWriter();
        Assert.Equal(0, second.CommittedCount);
    }
}

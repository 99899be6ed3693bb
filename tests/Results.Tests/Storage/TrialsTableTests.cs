using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results.Tests.Storage;

public sealed class TrialsTableTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A trials part as an older or foreign writer might leave it: few config columns, int64 where Sweep writes int32.</summary>
    private async Task<RunFolder> FolderWithPartAsync(Func<ParquetRowGroupWriter, DataField[], Task> writeConfig, params DataField[] configFields)
    {
        var folder = RunFolder.Open(_temp.Sub("run"), TestRuns.Spec(), RunFolderMode.New);
        var time = new DateTimeDataField("started_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
        var finished = new DateTimeDataField("finished_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
        var fixedFields = new DataField[]
        {
            new DataField<string>("sweep_id", false), new DataField<string>("trial_id", false), new DataField<string>("status", false),
            new DataField<string>("error", true), new DataField<int>("attempts", false), new DataField<string>("worker_host", false),
            time, finished, new DataField<double>("duration_s", false),
        };
        await using var stream = File.Create(Path.Combine(folder.Path, "trials", "part-00001.parquet"));
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. fixedFields, .. configFields]), stream);
        using var group = writer.CreateRowGroup();
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        await group.WriteAsync(fixedFields[0], ["s1", "s1"]);
        await group.WriteAsync(fixedFields[1], ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]);
        await group.WriteAsync(fixedFields[2], ["completed", "failed"]);
        await group.WriteAsync(fixedFields[3], [null!, "oops"]);
        await group.WriteAsync<int>(fixedFields[4], new[] { 1, 2 });
        await group.WriteAsync(fixedFields[5], ["h", "h"]);
        await group.WriteAsync<DateTime>(time, new[] { at, at });
        await group.WriteAsync<DateTime>(finished, new[] { at, at });
        await group.WriteAsync<double>(fixedFields[8], new[] { 1.0, 2.0 });
        await writeConfig(group, configFields);
        group.CompleteValidate();
        return folder;
    }

    [Fact]
    public async Task Missing_config_summary_and_worker_columns_read_as_defaults_and_int64_widths_are_accepted()
    {
        var depth = new DataField<long>("depth", false);
        var optimizer = new DataField<string>("optimizer", false);
        var folder = await FolderWithPartAsync(async (group, fields) =>
        {
            await group.WriteAsync<long>(fields[0], new[] { 5L, 6L });
            await group.WriteAsync(fields[1], ["adam", "sgd"]);
        }, depth, optimizer);

        var rows = folder.CreateReader().ReadTrials().ToList();

        Assert.Equal([5, 6], rows.Select(r => r.Config.Depth));
        Assert.Equal(["adam", "sgd"], rows.Select(r => r.Config.Optimizer));
        Assert.Equal(new TrialConfig().Width, rows[0].Config.Width);
        Assert.Equal(new TrialSummary(), rows[0].Summary);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed], rows.Select(r => r.Status));
        Assert.Equal([null, "oops"], rows.Select(r => r.Error));
        // Written before the worker column existed: it reads as empty, worker_host as written.
        Assert.Equal([("", "h"), ("", "h")], rows.Select(r => (r.Worker, r.WorkerHost)));
        Assert.Single(folder.CreateReader().ReadTrials(new TrialFilter { Where = new Dictionary<string, object?> { ["width"] = new TrialConfig().Width, ["depth"] = 6 } }));
    }

    [Fact]
    public async Task A_config_value_of_the_wrong_type_is_corrupt_naming_file_column_and_row()
    {
        var depth = new DataField<string>("depth", false);
        var folder = await FolderWithPartAsync((group, fields) => group.WriteAsync(fields[0], ["2", "deep"]), depth);

        var error = Assert.Throws<RunFolderException>(() => folder.CreateReader().ReadTrials().ToList());

        Assert.Equal(RunFolderFailure.Corrupt, error.Reason);
        Assert.Contains("part-00001.parquet", error.Message);
        Assert.Contains("'depth' row 0", error.Message);
    }
}

using System.Globalization;
using DuckDB.NET.Data;
using Sweep.Engine.Config;

namespace Sweep.Results.Tests.Storage;

/// <summary>DuckDB (native, independent of Parquet.Net) reads run folders as users will: globs over parts, DESCRIBE, joins.</summary>
public sealed class DuckDbReadsRunFoldersTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public DuckDbReadsRunFoldersTests() => _connection.Open();

    public void Dispose()
    {
        _connection.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Describe_shows_the_expected_types_of_trials()
    {
        var (folder, _) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));

        var described = Describe($"{folder.Path}/trials/*.parquet");

        var expected = ExternalReaders.TrialsColumns().Select(c => (c.Name, DuckType(c.Kind))).ToList();
        Assert.Equal(expected, described);
    }

    [Fact]
    public async Task Describe_shows_the_expected_types_of_curves_and_layers()
    {
        var (folder, _) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));

        Assert.Equal(ExternalReaders.CurvesColumns.Select(c => (c.Name, DuckType(c.Kind))), Describe($"{folder.Path}/curves/*.parquet"));
        Assert.Equal(ExternalReaders.LayersColumns.Select(c => (c.Name, DuckType(c.Kind))), Describe($"{folder.Path}/layers/*.parquet"));
    }

    [Fact]
    public async Task Counts_over_the_part_glob_match_what_was_committed_and_temp_files_are_skipped()
    {
        var (folder, records) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));
        File.WriteAllText(Path.Combine(folder.Path, "curves", ".part-00003.0123.tmp"), "half written");

        Assert.Equal(2, Directory.GetFiles(Path.Combine(folder.Path, "curves"), "*.parquet").Length);
        Assert.Equal(records.Count, Scalar<long>($"SELECT count(*) FROM '{folder.Path}/trials/*.parquet'"));
        Assert.Equal(records.Sum(r => r.Curve.Count), Scalar<long>($"SELECT count(*) FROM '{folder.Path}/curves/*.parquet'"));
        Assert.Equal(records.Sum(r => r.Layers.Count), Scalar<long>($"SELECT count(*) FROM read_parquet('{folder.Path}/layers/*.parquet')"));
        Assert.Equal(records.Count, Scalar<long>($"SELECT count(DISTINCT trial_id) FROM '{folder.Path}/trials/*.parquet'"));
    }

    [Fact]
    public async Task Curves_join_trials_on_trial_id()
    {
        var (folder, records) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));

        var byOptimizer = Rows(
            $"SELECT t.optimizer, count(*), CAST(sum(c.step) AS BIGINT) FROM '{folder.Path}/curves/*.parquet' c " +
            $"JOIN '{folder.Path}/trials/*.parquet' t USING (trial_id) GROUP BY t.optimizer ORDER BY t.optimizer",
            r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)));

        var expected = records.GroupBy(r => r.Config.Optimizer).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (long)g.Sum(r => r.Curve.Count), g.Sum(r => r.Curve.Sum(p => p.Step))));
        Assert.Equal(expected, byOptimizer);
    }

    [Fact]
    public async Task Values_read_by_duckdb_equal_the_committed_ones()
    {
        var (folder, records) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));
        var record = records.First(r => r.Summary.FinalValLoss is null);

        var row = Rows(
            $"SELECT depth, lr, momentum, residual, seed, status, final_val_loss IS NULL, epoch_us(started_at) " +
            $"FROM '{folder.Path}/trials/*.parquet' WHERE trial_id = '{record.TrialId}'",
            r => (r.GetInt32(0), r.GetDouble(1), r.GetDouble(2), r.GetBoolean(3), r.GetInt64(4), r.GetString(5), r.GetBoolean(6), r.GetInt64(7))).Single();

        long expectedMicros = (record.StartedAt - DateTime.UnixEpoch).Ticks / 10;
        Assert.Equal(
            (record.Config.Depth, record.Config.Lr, record.Config.EffectiveMomentum, record.Config.Residual, record.Config.Seed,
             record.Status.ToString().ToLowerInvariant(), true, expectedMicros),
            row);
    }

    [Fact]
    public async Task Worker_and_worker_host_read_by_duckdb_are_the_committed_ones()
    {
        var (folder, records) = await ExternalReaders.TwoBatchRunAsync(_temp.Sub("run"));

        var byWorker = Rows(
            $"SELECT worker, worker_host, count(*) FROM '{folder.Path}/trials/*.parquet' GROUP BY ALL ORDER BY worker",
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2)));

        var expected = records.GroupBy(r => (r.Worker, r.WorkerHost)).OrderBy(g => g.Key.Worker, StringComparer.Ordinal)
            .Select(g => (g.Key.Worker, g.Key.WorkerHost, (long)g.Count()));
        Assert.Equal(expected, byWorker);
        Assert.Equal(2, byWorker.Count);
    }

    private static string DuckType(FieldKind kind) => kind switch
    {
        FieldKind.String => "VARCHAR",
        FieldKind.Int => "INTEGER",
        FieldKind.Long => "BIGINT",
        FieldKind.Double => "DOUBLE",
        FieldKind.Bool => "BOOLEAN",
        FieldKind.Timestamp => "TIMESTAMP WITH TIME ZONE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private List<(string, string)> Describe(string glob) =>
        Rows($"DESCRIBE SELECT * FROM '{glob}'", r => (r.GetString(0), r.GetString(1)));

    private T Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    private List<T> Rows<T>(string sql, Func<DuckDBDataReader, T> read)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = (DuckDBDataReader)command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

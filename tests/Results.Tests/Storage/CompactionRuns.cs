using System.Globalization;
using DuckDB.NET.Data;

namespace Sweep.Results.Tests.Storage;

/// <summary>Run folders of many small commits, and what DuckDB (independent of Parquet.Net) reads from them.</summary>
internal sealed class CompactionRuns : IDisposable
{
    public static readonly string[] Tables = ["trials", "curves", "layers"];

    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public CompactionRuns() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    /// <summary>A folder of 12 trials committed <paramref name="batchSize"/> at a time, each with <paramref name="curvePoints"/> evaluation points.</summary>
    public static async Task<(RunFolder Folder, List<TrialRecord> Records)> SmallCommitsAsync(string path, int batchSize = 2, int curvePoints = 5)
    {
        var spec = TestRuns.Spec(optimizers: ["sgd", "adam", "momentum"], depths: [2], seeds: 4);
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        var records = TestRuns.Records(spec, curvePoints);
        await using (var writer = folder.CreateWriter())
        {
            foreach (var batch in records.Chunk(batchSize))
            {
                await writer.CommitAsync(batch, CancellationToken.None);
            }
        }

        return (folder, records);
    }

    public static int PartCount(RunFolder folder, string table) => Directory.GetFiles(Path.Combine(folder.Path, table), "*.parquet").Length;

    /// <summary>Every row of a table as text, sorted: equal fingerprints mean equal rows, each as often.</summary>
    public List<string> Fingerprint(RunFolder folder, string table) =>
        Rows($"SELECT * FROM '{folder.Path}/{table}/*.parquet' ORDER BY ALL", r =>
            string.Join('|', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));

    /// <summary>Rows of each row group of every part of a table.</summary>
    public List<long> RowGroupSizes(RunFolder folder, string table) =>
        Rows($"SELECT row_group_num_rows FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows FROM parquet_metadata('{folder.Path}/{table}/*.parquet')) ORDER BY ALL",
            r => r.GetInt64(0));

    /// <summary>(trials, curve rows joined to their trial) counted over the raw part globs.</summary>
    public (long Trials, long JoinedCurves) RawCounts(RunFolder folder) =>
        (Scalar($"SELECT count(*) FROM '{folder.Path}/trials/*.parquet'"),
         Scalar($"SELECT count(*) FROM '{folder.Path}/curves/*.parquet' c JOIN '{folder.Path}/trials/*.parquet' t USING (trial_id)"));

    public long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar()!, CultureInfo.InvariantCulture);
    }

    public List<T> Rows<T>(string sql, Func<DuckDBDataReader, T> read)
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

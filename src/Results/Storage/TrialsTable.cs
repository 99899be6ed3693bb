using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>
/// <c>trials</c>, the commit record: one row per finished trial (plus, until compaction drops it, the failed row a
/// resumed retry superseded: see <see cref="CurrentRows"/>). Columns: sweep_id, trial_id, every
/// <see cref="ConfigSchema"/> field as its own typed column, status ("completed", "diverged", "failed", "pruned"),
/// error, attempts, worker, worker_host, started_at, finished_at (timestamp micros UTC), duration_s, then every
/// <see cref="TrialSummary"/> property.
/// </summary>
internal static class TrialsTable
{
    public const string Name = "trials";
    public const string SweepIdColumn = "sweep_id";
    public const string TrialIdColumn = "trial_id";
    public const string StatusColumn = "status";
    public const string FinishedAtColumn = "finished_at";

    private static readonly TrialSummary EmptySummary = new();
    private static readonly DataField SweepId = ColumnWriting.Text(SweepIdColumn);
    private static readonly DataField TrialId = ColumnWriting.Text(TrialIdColumn);
    private static readonly DataField[] ConfigColumns =
        ConfigSchema.Fields.Select(f => ColumnWriting.Field(f.Name, f.Kind, f.IsNullable)).ToArray();
    private static readonly DataField[] RowColumns = RecordColumns.Fields(TrialRowFields.All);
    private static readonly DataField[] SummaryColumns = RecordColumns.Fields(ResultFields.Summary);

    public static readonly ParquetSchema Schema = new(
        [SweepId, TrialId, .. ConfigColumns, .. RowColumns, .. SummaryColumns]);

    public static readonly ParquetOptions Options = ParquetFormat.Options(
        [SweepIdColumn, StatusColumn, "worker", "worker_host", .. ConfigSchema.Fields.Where(f => f.Kind == FieldKind.String).Select(f => f.Name)]);

    /// <param name="retries">How many of the records supersede a row committed earlier (written as <see cref="ParquetFormat.RetriesKey"/> when above 0).</param>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<TrialRecord> records, string sweepId, int retries, CancellationToken cancellationToken)
    {
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, Options, false, cancellationToken).ConfigureAwait(false);
        var metadata = ParquetFormat.Metadata(Name, sweepId);
        if (retries > 0)
        {
            metadata[ParquetFormat.RetriesKey] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        writer.CustomMetadata = metadata;
        using var group = writer.CreateRowGroup();
        int count = records.Count;
        await ColumnWriting.WriteAsync(group, SweepId, ColumnWriting.Fill(count, i => records[i].SweepId)).ConfigureAwait(false);
        await ColumnWriting.WriteAsync(group, TrialId, ColumnWriting.Fill(count, i => records[i].TrialId.ToString())).ConfigureAwait(false);
        var configs = ColumnWriting.Fill(count, i => records[i].Config.Canonical());
        for (int c = 0; c < ConfigColumns.Length; c++)
        {
            var field = ConfigSchema.Fields[c];
            await ColumnWriting.WriteBoxedAsync(group, ConfigColumns[c], field.Kind, count, i => field.Get(configs[i]), cancellationToken).ConfigureAwait(false);
        }

        await RecordColumns.WriteAsync(group, RowColumns, TrialRowFields.All, count, i => records[i], cancellationToken).ConfigureAwait(false);
        await RecordColumns.WriteAsync(group, SummaryColumns, ResultFields.Summary, count, i => records[i].Summary, cancellationToken).ConfigureAwait(false);

        group.CompleteValidate();
    }

    public static Task<TrialId[]> ReadTrialIdsAsync(PartReader part, int rowGroup, CancellationToken cancellationToken) =>
        part.ReadTrialIdsAsync(rowGroup, TrialIdColumn, cancellationToken);

    /// <summary>The status column of one row group; an unknown status is corruption naming its row.</summary>
    public static async Task<TrialStatus[]> ReadStatusesAsync(PartReader part, int rowGroup, CancellationToken cancellationToken)
    {
        var texts = await part.ReadStringsAsync(rowGroup, StatusColumn, cancellationToken).ConfigureAwait(false);
        var statuses = new TrialStatus[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            statuses[i] = ParseStatus(part, texts[i], i);
        }

        return statuses;
    }

    /// <summary>The rows of one row group that pass <paramref name="filter"/>; columns are read only when some row passes.</summary>
    public static async Task<List<TrialRow>> ReadAsync(PartReader part, int rowGroup, CompiledTrialFilter filter, CancellationToken cancellationToken)
    {
        var ids = await ReadTrialIdsAsync(part, rowGroup, cancellationToken).ConfigureAwait(false);
        var statuses = await ReadStatusesAsync(part, rowGroup, cancellationToken).ConfigureAwait(false);
        var selected = new List<int>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (filter.Accepts(ids[i], statuses[i]))
            {
                selected.Add(i);
            }
        }

        var configValues = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var (field, expected) in filter.Where)
        {
            if (selected.Count == 0)
            {
                break;
            }

            var values = await ReadConfigColumnAsync(part, rowGroup, field, ids.Length, cancellationToken).ConfigureAwait(false);
            configValues[field.Name] = values;
            selected.RemoveAll(i => !Equals(ConvertConfig(part, field, values[i], i), expected));
        }

        var rows = new List<TrialRow>(selected.Count);
        if (selected.Count == 0)
        {
            return rows;
        }

        foreach (var field in ConfigSchema.Fields)
        {
            if (!configValues.ContainsKey(field.Name))
            {
                configValues[field.Name] = await ReadConfigColumnAsync(part, rowGroup, field, ids.Length, cancellationToken).ConfigureAwait(false);
            }
        }

        var summaryValues = await RecordColumns.ReadAsync(part, rowGroup, ResultFields.Summary, ids.Length, EmptySummary, cancellationToken).ConfigureAwait(false);

        var sweepIds = await part.ReadStringsAsync(rowGroup, SweepIdColumn, cancellationToken).ConfigureAwait(false);
        var rowValues = await RecordColumns.ReadAsync(part, rowGroup, TrialRowFields.All, ids.Length, TrialRow.Empty, cancellationToken).ConfigureAwait(false);

        foreach (int i in selected)
        {
            var config = new TrialConfig();
            foreach (var field in ConfigSchema.Fields)
            {
                config = field.With(config, ConvertConfig(part, field, configValues[field.Name][i], i));
            }

            var summary = RecordColumns.Build(part, ResultFields.Summary, summaryValues, i, EmptySummary);

            var row = RecordColumns.Build(part, TrialRowFields.All, rowValues, i, TrialRow.Empty);
            rows.Add(row with
            {
                SweepId = sweepIds[i] ?? throw part.Corrupt($"column '{SweepIdColumn}' has a null in row {i}"),
                TrialId = ids[i],
                Config = config,
                Summary = summary,
            });
        }

        return rows;
    }

    private static TrialStatus ParseStatus(PartReader part, string? text, int row)
    {
        try
        {
            return TrialStatusText.Parse(text);
        }
        catch (FormatException e)
        {
            throw part.Corrupt($"column '{StatusColumn}' row {row}: {e.Message}");
        }
    }

    /// <summary>A config column as boxed values; a column missing from an older file reads as the field's default.</summary>
    private static async Task<object?[]> ReadConfigColumnAsync(PartReader part, int rowGroup, ConfigField field, int rows, CancellationToken cancellationToken)
    {
        if (part.HasColumn(field.Name))
        {
            return await part.ReadBoxedAsync(rowGroup, field.Name, cancellationToken).ConfigureAwait(false);
        }

        return Defaults(rows, field.Default);
    }

    /// <summary>A column missing from an older file: every row holds the value a new record has.</summary>
    private static object?[] Defaults(int rows, object? value)
    {
        var values = new object?[rows];
        Array.Fill(values, value);
        return values;
    }

    private static object? ConvertConfig(PartReader part, ConfigField field, object? raw, int row) =>
        ConfigValues.TryCoerce(field, raw, out object? value)
            ? value
            : throw part.Corrupt($"column '{field.Name}' row {row}: {raw ?? "null"} is not a valid {field.Kind.ToString().ToLowerInvariant()}");
}

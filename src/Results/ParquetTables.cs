using Parquet;
using Parquet.Schema;
using Sweep.Engine.Data;
using Sweep.Results.Storage;

namespace Sweep.Results;

/// <summary>
/// Parquet files as training tables for the engine's <c>parquet</c> dataset (the engine itself
/// does not parse Parquet). The label column is found by name; every other column is a feature and
/// must be numeric (int8..int64, float, double, boolean as 0/1) without nulls. Errors are
/// <see cref="DatasetException"/> naming the file, and the column and row where there is one.
/// </summary>
public static class ParquetTables
{
    /// <summary>The table readers Sweep's hosts (sweeps, workers, Invoke-SweepTrial) pass to the engine: <see cref="Read"/> for Parquet.</summary>
    public static TableReaders Readers { get; } = TableReaders.None.With(".parquet", Read);

    /// <summary>Reads every row group of <paramref name="path"/> into features [rows, columns] and labels [rows].</summary>
    /// <exception cref="DatasetException">The file is missing, not Parquet, lacks the label column, or has a non-numeric column or a null.</exception>
    public static TableData Read(string path, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labelColumn);
        return Blocking.Wait(() => ReadAsync(path, labelColumn));
    }

    private static async Task<TableData> ReadAsync(string path, string labelColumn)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), null, leaveStreamOpen: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ParquetException or InvalidDataException)
        {
            throw new DatasetException($"{path}: cannot read as Parquet: {ex.Message}", ex);
        }

        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.DataFields;
            var label = fields.FirstOrDefault(f => f.Name == labelColumn)
                ?? throw new DatasetException($"{path}: label column '{labelColumn}' not found; columns are {string.Join(", ", fields.Select(f => f.Name))}");
            foreach (var field in fields)
            {
                if (field.IsArray || field.Path.ToList().Count > 1 || !IsNumeric(field.ClrType))
                {
                    throw new DatasetException(
                        $"{path}: column '{field.Name}' is {Describe(field)}; every column must be numeric (a number or boolean){(field == label ? "" : ", or be the label column")}");
                }
            }

            var features = fields.Where(f => f != label).ToArray();
            if (features.Length == 0)
            {
                throw new DatasetException($"{path}: the table needs at least one feature column besides '{labelColumn}'");
            }

            long totalRows = reader.RowGroups.Sum(g => g.RowCount);
            if (totalRows * features.Length > Array.MaxLength)
            {
                throw new DatasetException($"{path}: {totalRows} rows x {features.Length} features is too large to load");
            }

            int rows = (int)totalRows;
            var featureValues = new float[rows * features.Length];
            var labels = new double[rows];
            int offset = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                int groupRows = (int)group.RowCount;
                var labelValues = await ReadNumbersAsync(group, label, path, offset).ConfigureAwait(false);
                labelValues.CopyTo(labels, offset);
                for (int c = 0; c < features.Length; c++)
                {
                    var column = await ReadNumbersAsync(group, features[c], path, offset).ConfigureAwait(false);
                    for (int r = 0; r < groupRows; r++)
                    {
                        featureValues[((offset + r) * features.Length) + c] = (float)column[r];
                    }
                }

                offset += groupRows;
            }

            return new TableData(features.Select(f => f.Name).ToArray(), featureValues, labels, rows);
        }
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long)
        || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(bool);

    private static string Describe(DataField field) =>
        field.ClrType == typeof(ReadOnlyMemory<char>) ? "text" : field.IsArray ? "a list" : field.ClrType.Name;

    /// <summary>A numeric column of one row group as doubles; <paramref name="firstRow"/> numbers rows in errors.</summary>
    private static async Task<double[]> ReadNumbersAsync(ParquetRowGroupReader group, DataField field, string path, int firstRow)
    {
        Type type = field.ClrType;
        return type == typeof(double) ? await ReadAsync<double>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(float) ? await ReadAsync<float>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(int) ? await ReadAsync<int>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(long) ? await ReadAsync<long>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(short) ? await ReadAsync<short>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(sbyte) ? await ReadAsync<sbyte>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : type == typeof(byte) ? await ReadAsync<byte>(group, field, path, firstRow, v => v).ConfigureAwait(false)
            : await ReadAsync<bool>(group, field, path, firstRow, v => v ? 1 : 0).ConfigureAwait(false);
    }

    private static async Task<double[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, string path, int firstRow, Func<T, double> toDouble)
        where T : struct
    {
        var result = new double[group.RowCount];
        if (!field.IsNullable)
        {
            var values = new T[result.Length];
            await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = toDouble(values[i]);
            }

            return result;
        }

        var nullable = new T?[result.Length];
        await group.ReadAsync<T>(field, nullable.AsMemory()).ConfigureAwait(false);
        for (int i = 0; i < nullable.Length; i++)
        {
            result[i] = nullable[i] is { } value
                ? toDouble(value)
                : throw new DatasetException($"{path}: row {firstRow + i}: column '{field.Name}' is null (missing values are not allowed)");
        }

        return result;
    }
}

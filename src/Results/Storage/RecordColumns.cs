using Parquet;
using Parquet.Schema;
using Sweep.Engine.Training;

namespace Sweep.Results.Storage;

/// <summary>
/// The columns of a result record's field table (<see cref="ResultFields"/>): their Parquet fields, how they are
/// written from records and how records are rebuilt from a row group. One implementation for every table.
/// </summary>
internal static class RecordColumns
{
    /// <summary>One Parquet column per field, named and typed as the field.</summary>
    public static DataField[] Fields<T>(IReadOnlyList<RecordField<T>> fields) =>
        [.. fields.Select(f => ColumnWriting.Field(f.Name, f.Kind, f.IsNullable))];

    /// <summary>Writes every field's column for <paramref name="count"/> records, <paramref name="recordAt"/>(i) being row i.</summary>
    public static async Task WriteAsync<T>(
        ParquetRowGroupWriter group, DataField[] columns, IReadOnlyList<RecordField<T>> fields, int count, Func<int, T> recordAt, CancellationToken cancellationToken)
    {
        for (int c = 0; c < fields.Count; c++)
        {
            var field = fields[c];
            await ColumnWriting.WriteBoxedAsync(group, columns[c], field.Kind, count, i => field.Get(recordAt(i)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every field's column of a row group as boxed values. A column missing from an older file reads as the value
    /// <paramref name="empty"/> holds, so a field added later reads as its default in folders written before it.
    /// </summary>
    public static async Task<object?[][]> ReadAsync<T>(
        PartReader part, int rowGroup, IReadOnlyList<RecordField<T>> fields, int rows, T empty, CancellationToken cancellationToken)
    {
        var values = new object?[fields.Count][];
        for (int c = 0; c < fields.Count; c++)
        {
            var field = fields[c];
            if (part.HasColumn(field.Name))
            {
                values[c] = await part.ReadBoxedAsync(rowGroup, field.Name, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                values[c] = new object?[rows];
                Array.Fill(values[c], field.Get(empty));
            }
        }

        return values;
    }

    /// <summary>Row <paramref name="row"/> of columns read by <see cref="ReadAsync"/> as a record; a value of the wrong type is corruption.</summary>
    public static T Build<T>(PartReader part, IReadOnlyList<RecordField<T>> fields, object?[][] values, int row, T empty)
    {
        var record = empty;
        for (int c = 0; c < fields.Count; c++)
        {
            var field = fields[c];
            object? raw = values[c][row];
            if (!field.TryConvert(raw, out object? value))
            {
                throw part.Corrupt($"column '{field.Name}' row {row}: {raw ?? "null"} is not a valid {field.Kind.ToString().ToLowerInvariant()}");
            }

            try
            {
                record = field.With(record, value);
            }
            catch (FormatException e)
            {
                throw part.Corrupt($"column '{field.Name}' row {row}: {e.Message}");
            }
        }

        return record;
    }
}

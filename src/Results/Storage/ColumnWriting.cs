using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;

namespace Sweep.Results.Storage;

/// <summary>Column definitions and writes shared by the three tables.</summary>
internal static class ColumnWriting
{
    /// <summary>A column of one of the config kinds: utf8 string, int32, int64, double or boolean.</summary>
    public static DataField Field(string name, FieldKind kind, bool nullable) =>
        kind == FieldKind.Timestamp
            ? new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: nullable)
            : new DataField(name, ClrType(kind), nullable);

    public static DataField<string> Text(string name, bool nullable = false) => new(name, nullable);

    /// <summary>INT64 timestamp, microseconds, UTC (never INT96): TIMESTAMP WITH TIME ZONE in DuckDB, timestamp[us, tz=UTC] in Arrow.</summary>
    public static DateTimeDataField Timestamp(string name) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);

    public static Task WriteAsync<T>(ParquetRowGroupWriter writer, DataField field, T[] values, CancellationToken cancellationToken)
        where T : struct =>
        writer.WriteAsync<T>(field, values.AsMemory(), null, null, cancellationToken);

    /// <summary>A utf8 column; passes the text as memory, Parquet.Net's fastest path for strings.</summary>
    public static Task WriteAsync(ParquetRowGroupWriter writer, DataField field, string?[] values)
    {
        if (field.IsNullable)
        {
            var nullable = Fill(values.Length, i => values[i] is { } text ? text.AsMemory() : (ReadOnlyMemory<char>?)null);
            return writer.WriteAsync<ReadOnlyMemory<char>>(field, nullable.AsMemory(), null, null, CancellationToken.None);
        }

        var dense = Fill(values.Length, i => (values[i] ?? throw new ArgumentException($"column '{field.Name}' may not hold nulls", nameof(values))).AsMemory());
        return writer.WriteAsync<ReadOnlyMemory<char>>(field, dense.AsMemory(), null, null, CancellationToken.None);
    }

    /// <summary>Writes a column of a config kind from boxed values (the field's CLR type, or null where nullable).</summary>
    public static Task WriteBoxedAsync(ParquetRowGroupWriter writer, DataField field, FieldKind kind, int count, Func<int, object?> valueAt, CancellationToken cancellationToken)
    {
        return kind switch
        {
            FieldKind.String => WriteAsync(writer, field, Fill(count, i => (string?)valueAt(i))),
            FieldKind.Int => WriteStructAsync<int>(writer, field, count, valueAt, cancellationToken),
            FieldKind.Long => WriteStructAsync<long>(writer, field, count, valueAt, cancellationToken),
            FieldKind.Double => WriteStructAsync<double>(writer, field, count, valueAt, cancellationToken),
            FieldKind.Bool => WriteStructAsync<bool>(writer, field, count, valueAt, cancellationToken),
            FieldKind.Timestamp => WriteStructAsync<DateTime>(writer, field, count, i => valueAt(i) is DateTime t ? ToUtc(t) : null, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown field kind"),
        };
    }

    /// <summary>UTC as Parquet stores it: local times are converted, unspecified ones are taken as UTC.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    public static T[] Fill<T>(int count, Func<int, T> valueAt)
    {
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = valueAt(i);
        }

        return values;
    }

    private static Task WriteStructAsync<T>(ParquetRowGroupWriter writer, DataField field, int count, Func<int, object?> valueAt, CancellationToken cancellationToken)
        where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = Fill(count, i => (T?)valueAt(i));
            return writer.WriteAsync<T>(field, nullable.AsMemory(), null, null, cancellationToken);
        }

        return WriteAsync(writer, field, Fill(count, i => (T)valueAt(i)!), cancellationToken);
    }

    private static Type ClrType(FieldKind kind) => kind switch
    {
        FieldKind.String => typeof(string),
        FieldKind.Int => typeof(int),
        FieldKind.Long => typeof(long),
        FieldKind.Double => typeof(double),
        FieldKind.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown field kind"),
    };
}

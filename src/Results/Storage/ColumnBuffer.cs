using Parquet;
using Parquet.Schema;

namespace Sweep.Results.Storage;

/// <summary>
/// Values of one column gathered from the row groups of several parts, written out in row groups of a
/// chosen size: what compaction copies, value for value, without knowing the table.
/// </summary>
internal abstract class ColumnBuffer
{
    public int Count { get; protected set; }

    /// <summary>A buffer for a column of <paramref name="field"/>'s type: int, long, float, double, bool, timestamp or utf8, nullable or not.</summary>
    public static ColumnBuffer For(DataField field)
    {
        Type type = field.ClrType;
        return type switch
        {
            _ when IsText(type) => new TextBuffer(),
            _ when type == typeof(int) => Values<int>(field),
            _ when type == typeof(long) => Values<long>(field),
            _ when type == typeof(double) => Values<double>(field),
            _ when type == typeof(float) => Values<float>(field),
            _ when type == typeof(bool) => Values<bool>(field),
            _ when type == typeof(DateTime) => Values<DateTime>(field),
            _ => throw new ArgumentException($"column '{field.Name}' has type {type.Name}, which compaction does not copy", nameof(field)),
        };
    }

    /// <summary>Whether <see cref="For"/> takes a column of this type.</summary>
    public static bool Supports(Type type) =>
        IsText(type) || type == typeof(int) || type == typeof(long) || type == typeof(double)
        || type == typeof(float) || type == typeof(bool) || type == typeof(DateTime);

    /// <summary>Appends every value of <paramref name="field"/> in a row group of <paramref name="rows"/> rows.</summary>
    public abstract Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken);

    /// <summary>Writes the first <paramref name="rows"/> values as <paramref name="field"/> of a row group and drops them.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken);

    /// <summary>Parquet.Net describes a utf8 column as string in a schema built in code and as ReadOnlyMemory&lt;char&gt; in one read from a file.</summary>
    public static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static ColumnBuffer Values<T>(DataField field)
        where T : struct =>
        field.IsNullable ? new NullableBuffer<T>() : new ValueBuffer<T>();

    /// <summary>Room for <paramref name="more"/> values after the first <paramref name="count"/>.</summary>
    protected static void Reserve<T>(ref T[] values, int count, int more)
    {
        if (count + more > values.Length)
        {
            Array.Resize(ref values, Math.Max(count + more, values.Length * 2));
        }
    }

    /// <summary>Moves the values after the first <paramref name="written"/> to the front.</summary>
    protected static void Shift<T>(T[] values, int written, int count)
    {
        Array.Copy(values, written, values, 0, count - written);
        Array.Clear(values, count - written, written);
    }

    private sealed class ValueBuffer<T> : ColumnBuffer
        where T : struct
    {
        private T[] _values = [];

        public override async Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        {
            Reserve(ref _values, Count, rows);
            await group.ReadAsync<T>(field, _values.AsMemory(Count, rows), null, cancellationToken).ConfigureAwait(false);
            Count += rows;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken)
        {
            await group.WriteAsync<T>(field, _values.AsMemory(0, rows), null, null, cancellationToken).ConfigureAwait(false);
            Shift(_values, rows, Count);
            Count -= rows;
        }
    }

    private sealed class NullableBuffer<T> : ColumnBuffer
        where T : struct
    {
        private T?[] _values = [];

        public override async Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        {
            Reserve(ref _values, Count, rows);
            await group.ReadAsync<T>(field, _values.AsMemory(Count, rows), null, cancellationToken).ConfigureAwait(false);
            Count += rows;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken)
        {
            await group.WriteAsync<T>(field, _values.AsMemory(0, rows), null, null, cancellationToken).ConfigureAwait(false);
            Shift(_values, rows, Count);
            Count -= rows;
        }
    }

    private sealed class TextBuffer : ColumnBuffer
    {
        private string?[] _values = [];

        public override async Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        {
            Reserve(ref _values, Count, rows);
            await group.ReadAsync(field, _values.AsMemory(Count, rows), null, cancellationToken).ConfigureAwait(false);
            Count += rows;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken)
        {
            await ColumnWriting.WriteAsync(group, field, _values[..rows]).ConfigureAwait(false);
            Shift(_values, rows, Count);
            Count -= rows;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;

namespace Sweep.Results.Storage;

/// <summary>
/// Values of one column gathered from the row groups of several parts, written out in row groups of a
/// chosen size: what compaction copies, value for value, without knowing the table. The values wait in
/// a temp file (a hidden <c>.part-*.tmp</c> name in the table's folder, so repair deletes one a crash
/// leaves; removed on dispose), not in memory: a call holds only the values it reads or writes, so
/// compacting a table costs one column of one row group at a time however many rows it has. Values are kept in their in-memory layout (text as UTF-16 with a length per value) and read
/// back in the order written. Arrays are allocated per call, not rented: ArrayPool.Shared kept about 30 MB
/// of them alive (one per size, type and thread) for the rest of the process; <see cref="GarbageBound"/>
/// collects these.
/// </summary>
internal abstract class ColumnBuffer : IDisposable
{
    private readonly List<Spill> _spills = [];

    /// <summary>Values appended and not yet written.</summary>
    public int Count { get; protected set; }

    /// <summary>
    /// A buffer for a column of <paramref name="field"/>'s type (int, long, float, double, bool, timestamp
    /// or utf8, nullable or not), spilling to a temp file named after part <paramref name="number"/> of <paramref name="folder"/>.
    /// </summary>
    public static ColumnBuffer For(DataField field, string folder, int number)
    {
        Type type = field.ClrType;
        return type switch
        {
            _ when IsText(type) => new TextBuffer(folder, number),
            _ when type == typeof(int) => Values<int>(field, folder, number),
            _ when type == typeof(long) => Values<long>(field, folder, number),
            _ when type == typeof(double) => Values<double>(field, folder, number),
            _ when type == typeof(float) => Values<float>(field, folder, number),
            _ when type == typeof(bool) => Values<bool>(field, folder, number),
            _ when type == typeof(DateTime) => Values<DateTime>(field, folder, number),
            _ => throw new ArgumentException($"column '{field.Name}' has type {type.Name}, which compaction does not copy", nameof(field)),
        };
    }

    /// <summary>Whether <see cref="For"/> takes a column of this type.</summary>
    public static bool Supports(Type type) =>
        IsText(type) || type == typeof(int) || type == typeof(long) || type == typeof(double)
        || type == typeof(float) || type == typeof(bool) || type == typeof(DateTime);

    /// <summary>
    /// Appends the values of <paramref name="field"/> in a row group of <paramref name="rows"/> rows: every one, or
    /// those whose entry in <paramref name="keep"/> is true.
    /// </summary>
    public abstract Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, bool[]? keep, CancellationToken cancellationToken);

    /// <summary>The values whose entry in <paramref name="keep"/> is true (all of them when it is null).</summary>
    protected static T[] Kept<T>(T[] values, bool[]? keep)
    {
        if (keep is null)
        {
            return values;
        }

        var kept = new T[keep.Count(k => k)];
        int next = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (keep[i])
            {
                kept[next++] = values[i];
            }
        }

        return kept;
    }

    /// <summary>Writes the first <paramref name="rows"/> values as <paramref name="field"/> of a row group and drops them.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken);

    /// <summary>Parquet.Net describes a utf8 column as string in a schema built in code and as ReadOnlyMemory&lt;char&gt; in one read from a file.</summary>
    public static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    public void Dispose()
    {
        foreach (var spill in _spills)
        {
            spill.Dispose();
        }
    }

    protected Spill NewSpill(string folder, int number)
    {
        var spill = new Spill(folder, number);
        _spills.Add(spill);
        return spill;
    }

    private static ColumnBuffer Values<T>(DataField field, string folder, int number)
        where T : struct =>
        field.IsNullable ? new NullableBuffer<T>(folder, number) : new ValueBuffer<T>(folder, number);

    /// <summary>A temp file written at its end and read from its start, each side at its own offset.</summary>
    protected sealed class Spill : IDisposable
    {
        private readonly SafeFileHandle _handle;
        private long _written;
        private long _read;

        public Spill(string folder, int number)
        {
            string path = Path.Combine(folder, $".part-{number:D5}.{Guid.NewGuid():N}.column.tmp");
            _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        }

        public void Write<T>(ReadOnlySpan<T> values)
        {
            ReadOnlySpan<byte> bytes = AsBytes(values);
            RandomAccess.Write(_handle, bytes, _written);
            _written += bytes.Length;
        }

        /// <summary>Fills <paramref name="values"/> with the next values written.</summary>
        public void Read<T>(Span<T> values)
        {
            Span<byte> bytes = AsBytes(values);
            while (bytes.Length > 0)
            {
                int read = RandomAccess.Read(_handle, bytes, _read);
                if (read == 0)
                {
                    throw new InvalidOperationException("a compaction column file ended before its values");
                }

                _read += read;
                bytes = bytes[read..];
            }
        }

        public void Dispose() => _handle.Dispose();

        /// <summary>The bytes of values without references (MemoryMarshal.AsBytes refuses T? by its constraint, not its layout).</summary>
        private static Span<byte> AsBytes<T>(ReadOnlySpan<T> values)
        {
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            {
                throw new ArgumentException($"{typeof(T).Name} holds references", nameof(values));
            }

            return MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(values)), values.Length * Unsafe.SizeOf<T>());
        }

        private static Span<byte> AsBytes<T>(Span<T> values) => AsBytes((ReadOnlySpan<T>)values);
    }

    /// <summary>
    /// Fixed-size values of element type <typeparamref name="TElement"/> (T, or T? for a nullable column:
    /// a T? holds no references, so its bytes round-trip through the file). The subclass picks Parquet.Net's overload.
    /// </summary>
    private abstract class SpilledValues<TElement> : ColumnBuffer
    {
        private readonly Spill _spill;

        protected SpilledValues(string folder, int number) => _spill = NewSpill(folder, number);

        public sealed override async Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, bool[]? keep, CancellationToken cancellationToken)
        {
            var values = new TElement[rows];
            await ReadAsync(group, field, values, cancellationToken).ConfigureAwait(false);
            values = Kept(values, keep);
            _spill.Write<TElement>(values);
            Count += values.Length;
        }

        public sealed override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken)
        {
            var values = new TElement[rows];
            _spill.Read<TElement>(values);
            await WriteAsync(group, field, values, cancellationToken).ConfigureAwait(false);
            Count -= rows;
        }

        protected abstract Task ReadAsync(ParquetRowGroupReader group, DataField field, Memory<TElement> values, CancellationToken cancellationToken);

        protected abstract Task WriteAsync(ParquetRowGroupWriter group, DataField field, ReadOnlyMemory<TElement> values, CancellationToken cancellationToken);
    }

    private sealed class ValueBuffer<T>(string folder, int number) : SpilledValues<T>(folder, number)
        where T : struct
    {
        protected override Task ReadAsync(ParquetRowGroupReader group, DataField field, Memory<T> values, CancellationToken cancellationToken) =>
            group.ReadAsync<T>(field, values, null, cancellationToken).AsTask();

        protected override Task WriteAsync(ParquetRowGroupWriter group, DataField field, ReadOnlyMemory<T> values, CancellationToken cancellationToken) =>
            group.WriteAsync<T>(field, values, null, null, cancellationToken);
    }

    private sealed class NullableBuffer<T>(string folder, int number) : SpilledValues<T?>(folder, number)
        where T : struct
    {
        protected override Task ReadAsync(ParquetRowGroupReader group, DataField field, Memory<T?> values, CancellationToken cancellationToken) =>
            group.ReadAsync<T>(field, values, null, cancellationToken).AsTask();

        protected override Task WriteAsync(ParquetRowGroupWriter group, DataField field, ReadOnlyMemory<T?> values, CancellationToken cancellationToken) =>
            group.WriteAsync<T>(field, values, null, null, cancellationToken);
    }

    /// <summary>
    /// utf8 values: per value its length in chars (-1 for null) in one file, the chars of all values in
    /// another. Written back as slices of one char array, so no string is built per value.
    /// </summary>
    private sealed class TextBuffer : ColumnBuffer
    {
        private readonly Spill _lengths;
        private readonly Spill _chars;

        public TextBuffer(string folder, int number)
        {
            _lengths = NewSpill(folder, number);
            _chars = NewSpill(folder, number);
        }

        public override async Task AppendAsync(ParquetRowGroupReader group, DataField field, int rows, bool[]? keep, CancellationToken cancellationToken)
        {
            var read = new string?[rows];
            await group.ReadAsync(field, read, null, cancellationToken).ConfigureAwait(false);
            var values = Kept(read, keep);
            rows = values.Length;
            var lengths = new int[rows];
            long total = 0;
            for (int i = 0; i < rows; i++)
            {
                lengths[i] = values[i]?.Length ?? -1;
                total += values[i]?.Length ?? 0;
            }

            var chars = new char[checked((int)total)];
            int offset = 0;
            foreach (string? value in values)
            {
                value.AsSpan().CopyTo(chars.AsSpan(offset));
                offset += value?.Length ?? 0;
            }

            _chars.Write<char>(chars);
            _lengths.Write<int>(lengths);
            Count += rows;
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, DataField field, int rows, CancellationToken cancellationToken)
        {
            var lengths = new int[rows];
            _lengths.Read<int>(lengths);
            long total = 0;
            foreach (int length in lengths)
            {
                total += Math.Max(0, length);
            }

            var chars = new char[checked((int)total)];
            _chars.Read<char>(chars);
            if (field.IsNullable)
            {
                var text = new ReadOnlyMemory<char>?[rows];
                int offset = 0;
                for (int i = 0; i < rows; i++)
                {
                    // Spelled out: a bare null would convert through ReadOnlyMemory's implicit operator from char[] to an empty string.
                    text[i] = lengths[i] < 0 ? (ReadOnlyMemory<char>?)null : (ReadOnlyMemory<char>)chars.AsMemory(offset, lengths[i]);
                    offset += Math.Max(0, lengths[i]);
                }

                await group.WriteAsync<ReadOnlyMemory<char>>(field, text, null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var text = new ReadOnlyMemory<char>[rows];
                int offset = 0;
                for (int i = 0; i < rows; i++)
                {
                    text[i] = chars.AsMemory(offset, Math.Max(0, lengths[i]));
                    offset += Math.Max(0, lengths[i]);
                }

                await group.WriteAsync<ReadOnlyMemory<char>>(field, text, null, null, cancellationToken).ConfigureAwait(false);
            }

            Count -= rows;
        }
    }
}

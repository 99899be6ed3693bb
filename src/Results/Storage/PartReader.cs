using System.Globalization;
using Parquet;
using Parquet.Schema;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>
/// One part file open for reading, with typed column reads that check the file's column types and
/// report problems as <see cref="RunFolderException"/> naming the file and column.
/// </summary>
internal sealed class PartReader : IAsyncDisposable
{
    private readonly ParquetReader _reader;
    private readonly Dictionary<string, DataField> _columns;

    private PartReader(string path, ParquetReader reader)
    {
        Path = path;
        _reader = reader;
        _columns = reader.Schema.DataFields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    public int RowGroupCount => _reader.RowGroupCount;

    public IReadOnlyDictionary<string, string> Metadata => _reader.CustomMetadata;

    /// <summary>The file's columns, in schema order.</summary>
    public IReadOnlyList<DataField> Fields => _reader.Schema.DataFields;

    /// <summary>Opens a part, or returns null when the file no longer exists (a compaction removed it after it was listed).</summary>
    public static async Task<PartReader?> TryOpenAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (RunFolderException ex) when (ex.InnerException is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public static async Task<PartReader> OpenAsync(string path, CancellationToken cancellationToken)
    {
        FileStream? stream = null;
        ParquetReader reader;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new RunFolderException(RunFolderFailure.Corrupt, $"{path}: not a readable Parquet file: {ex.Message}", ex);
        }

        var part = new PartReader(path, reader);
        try
        {
            part.CheckSchemaVersion();
            return part;
        }
        catch
        {
            await part.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    public DataField Column(string name) => _columns.TryGetValue(name, out var field)
        ? field
        : throw Corrupt($"has no column '{name}'");

    public DataField? TryColumn(string name) => _columns.GetValueOrDefault(name);

    public long RowCount(int rowGroup) => _reader.OpenRowGroupReader(rowGroup).RowCount;

    public ParquetRowGroupReader OpenRowGroup(int rowGroup) => _reader.OpenRowGroupReader(rowGroup);

    /// <summary>A non-nullable column of type <typeparamref name="T"/>; nulls are an error.</summary>
    public async Task<T[]> ReadAsync<T>(int rowGroup, string name, CancellationToken cancellationToken)
        where T : struct
    {
        var field = Column(name);
        CheckType(field, typeof(T));
        var group = _reader.OpenRowGroupReader(rowGroup);
        if (!field.IsNullable)
        {
            var values = new T[group.RowCount];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }

        var nullable = await ReadNullableAsync<T>(rowGroup, name, cancellationToken).ConfigureAwait(false);
        var result = new T[nullable.Length];
        for (int i = 0; i < nullable.Length; i++)
        {
            result[i] = nullable[i] ?? throw Corrupt($"column '{name}' has a null in row {i} of row group {rowGroup}");
        }

        return result;
    }

    public async Task<T?[]> ReadNullableAsync<T>(int rowGroup, string name, CancellationToken cancellationToken)
        where T : struct
    {
        var field = Column(name);
        CheckType(field, typeof(T));
        var group = _reader.OpenRowGroupReader(rowGroup);
        var values = new T?[group.RowCount];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var dense = new T[values.Length];
            await group.ReadAsync<T>(field, dense.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < dense.Length; i++)
            {
                values[i] = dense[i];
            }
        }

        return values;
    }

    public async Task<string?[]> ReadStringsAsync(int rowGroup, string name, CancellationToken cancellationToken)
    {
        var field = Column(name);
        CheckType(field, typeof(ReadOnlyMemory<char>));
        var group = _reader.OpenRowGroupReader(rowGroup);
        var values = new string?[group.RowCount];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
        return values;
    }

    /// <summary>A text column of trial ids, each parsed once; a null or malformed id is corruption naming its row.</summary>
    public async Task<TrialId[]> ReadTrialIdsAsync(int rowGroup, string name, CancellationToken cancellationToken)
    {
        var texts = await ReadStringsAsync(rowGroup, name, cancellationToken).ConfigureAwait(false);
        var ids = new TrialId[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i] ?? throw Corrupt($"column '{name}' has a null in row {i} of row group {rowGroup}");
            if (!TrialId.TryParse(text, out ids[i]))
            {
                throw Corrupt($"column '{name}', row {i} of row group {rowGroup}: {TrialId.ErrorFor(text)}");
            }
        }

        return ids;
    }

    /// <summary>Any scalar column as boxed values (int, long, double, float, bool, string, DateTime or null).</summary>
    public async Task<object?[]> ReadBoxedAsync(int rowGroup, string name, CancellationToken cancellationToken)
    {
        var field = Column(name);
        Type type = field.ClrType;
        if (type == typeof(ReadOnlyMemory<char>))
        {
            return await ReadStringsAsync(rowGroup, name, cancellationToken).ConfigureAwait(false);
        }

        if (type == typeof(int))
        {
            return Box(await ReadNullableAsync<int>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(long))
        {
            return Box(await ReadNullableAsync<long>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(double))
        {
            return Box(await ReadNullableAsync<double>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(float))
        {
            return Box(await ReadNullableAsync<float>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(bool))
        {
            return Box(await ReadNullableAsync<bool>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        if (type == typeof(DateTime))
        {
            return Box(await ReadNullableAsync<DateTime>(rowGroup, name, cancellationToken).ConfigureAwait(false));
        }

        throw Corrupt($"column '{name}' has type {type.Name}, which Sweep does not store");
    }

    public RunFolderException Corrupt(string problem) => new(RunFolderFailure.Corrupt, $"{Path}: {problem}");

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private void CheckSchemaVersion()
    {
        if (_reader.CustomMetadata.TryGetValue(ParquetFormat.SchemaVersionKey, out string? text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int version)
            && version > ParquetFormat.SchemaVersion)
        {
            throw new RunFolderException(RunFolderFailure.NewerSchema,
                $"{Path}: written with results schema version {version}; this build reads up to {ParquetFormat.SchemaVersion}. Update Sweep to read it.");
        }
    }

    private void CheckType(DataField field, Type expected)
    {
        if (field.ClrType != expected)
        {
            throw Corrupt($"column '{field.Name}' has type {field.ClrType.Name}, expected {expected.Name}");
        }
    }

    private static object?[] Box<T>(T?[] values)
        where T : struct
    {
        var boxed = new object?[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            boxed[i] = values[i];
        }

        return boxed;
    }
}

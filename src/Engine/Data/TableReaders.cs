namespace Sweep.Engine.Data;

/// <summary>Reads a table file: every column but <paramref name="labelColumn"/> is a feature.</summary>
/// <exception cref="DatasetException">The file cannot be used; the message names it.</exception>
public delegate TableData TableReader(string path, string labelColumn);

/// <summary>
/// The readers for table formats the engine does not parse itself, by file extension: the engine reads CSV and IDX,
/// while Parquet lives with the results store (Sweep.Results' <c>ParquetTables.Readers</c>). Immutable: a host builds
/// one and hands it to every load (<see cref="DatasetLoader.Load(Config.TrialConfig, TableReaders)"/>,
/// <see cref="Training.Trainer.Run(Config.TrialConfig, TableReaders, CancellationToken, Action{Training.TrialProgress}?)"/>),
/// so what a load can read never depends on what another caller set up first.
/// </summary>
public sealed class TableReaders
{
    private readonly Dictionary<string, TableReader> _byExtension;

    private TableReaders(Dictionary<string, TableReader> byExtension) => _byExtension = byExtension;

    /// <summary>No readers: the engine's own formats only; a <c>parquet</c> dataset is refused with a reason.</summary>
    public static TableReaders None { get; } = new(new Dictionary<string, TableReader>(StringComparer.OrdinalIgnoreCase));

    /// <summary>These readers plus <paramref name="reader"/> for files ending in <paramref name="extension"/> (".parquet"), replacing one there.</summary>
    public TableReaders With(string extension, TableReader reader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        ArgumentNullException.ThrowIfNull(reader);
        var byExtension = new Dictionary<string, TableReader>(_byExtension, StringComparer.OrdinalIgnoreCase)
        {
            [extension.StartsWith('.') ? extension : "." + extension] = reader,
        };
        return new TableReaders(byExtension);
    }

    /// <summary>The reader for the file's extension, else the Parquet reader (dataset "parquet" with another extension); null when neither is here.</summary>
    public TableReader? Find(string path) =>
        _byExtension.TryGetValue(Path.GetExtension(path), out var reader) || _byExtension.TryGetValue(".parquet", out reader) ? reader : null;

    /// <summary>Why a table dataset at <paramref name="path"/> cannot be read with these readers.</summary>
    internal static string NoReaderFor(string path) =>
        $"{path}: this host passed no table reader for {Path.GetExtension(path)} files (the engine reads csv and IDX itself; Parquet readers come from Sweep.Results' ParquetTables.Readers)";
}

using System.Collections.Concurrent;
using Sweep.Engine.Config;

namespace Sweep.Engine.Data;

/// <summary>
/// Builds the <see cref="Dataset"/> a trial trains on. Synthetic sets are generated from the seed;
/// file sets (fashion-mnist, csv, parquet) are parsed once per process and cached by full path,
/// modification time and label column, then subset, split and scaled per trial. For file sets
/// `samples` = 0 keeps every row, a smaller count a seeded subset, a larger count every row.
/// Thread-safe. Returned datasets are fresh copies the caller owns.
/// </summary>
public static class DatasetLoader
{
    private static readonly ConcurrentDictionary<(string Kind, string Path, string LabelColumn), CachedFile> Cache = new();

    /// <summary>
    /// False, with the reason, when this machine cannot load the config's dataset: a file dataset whose
    /// path is missing, or a table format that none of <paramref name="tableReaders"/> reads. Synthetic sets always resolve.
    /// </summary>
    public static bool CanResolve(TrialConfig config, TableReaders tableReaders, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tableReaders);
        switch (config.Dataset)
        {
            case "fashion-mnist":
                return FashionMnistReader.IsPresent(config.DatasetPath, out reason);
            case "csv":
            case "parquet":
                if (!File.Exists(config.DatasetPath))
                {
                    reason = $"{config.DatasetPath}: file not found";
                    return false;
                }

                if (config.Dataset == "parquet" && tableReaders.Find(config.DatasetPath) is null)
                {
                    reason = TableReaders.NoReaderFor(config.DatasetPath);
                    return false;
                }

                reason = null;
                return true;
            default:
                reason = null;
                return true;
        }
    }

    /// <summary>The config's dataset, split by val_fraction and scaled by feature_scaling, both fixed by the seed.</summary>
    /// <exception cref="DatasetException">A file dataset is missing or unusable; the message names the file.</exception>
    /// <exception cref="ArgumentException">The dataset name is unknown.</exception>
    public static Dataset Load(TrialConfig config, TableReaders tableReaders)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tableReaders);
        if (!Catalog.Datasets.Contains(config.Dataset))
        {
            throw new ArgumentException($"dataset: '{config.Dataset}' is not one of {string.Join(", ", Catalog.Datasets)}", nameof(config));
        }

        if (!Catalog.FileDatasets.Contains(config.Dataset))
        {
            return DatasetSplitter.Split(SyntheticDatasets.Generate(config), config, subset: 0);
        }

        return DatasetSplitter.Split(LoadFile(config, tableReaders), config, subset: config.Samples);
    }

    private static LabeledData LoadFile(TrialConfig config, TableReaders tableReaders)
    {
        if (string.IsNullOrWhiteSpace(config.DatasetPath))
        {
            throw new DatasetException($"dataset '{config.Dataset}' reads a file: dataset_path is empty");
        }

        string kind = config.Dataset;
        string keyFile = kind == "fashion-mnist"
            ? FashionMnistReader.FindImages(config.DatasetPath, out string? reason) ?? throw new DatasetException(reason!)
            : Path.GetFullPath(config.DatasetPath);
        if (!File.Exists(keyFile))
        {
            throw new DatasetException($"{keyFile}: file not found");
        }

        string labelColumn = kind == "fashion-mnist" ? "" : config.LabelColumn;
        var key = (kind, keyFile, labelColumn);
        DateTime modified = File.GetLastWriteTimeUtc(keyFile);
        string folder = config.DatasetPath;
        var entry = Cache.AddOrUpdate(
            key,
            _ => new CachedFile(modified, () => Parse(kind, folder, keyFile, labelColumn, tableReaders)),
            (_, existing) => existing.Modified == modified ? existing : new CachedFile(modified, () => Parse(kind, folder, keyFile, labelColumn, tableReaders)));
        try
        {
            return entry.Data.Value;
        }
        catch (DatasetException)
        {
            // Do not keep a failure: the file may be fixed without its time stamp moving.
            Cache.TryRemove(new KeyValuePair<(string, string, string), CachedFile>(key, entry));
            throw;
        }
    }

    private static LabeledData Parse(string kind, string folder, string path, string labelColumn, TableReaders tableReaders)
    {
        if (kind == "fashion-mnist")
        {
            return FashionMnistReader.Read(folder);
        }

        TableData table;
        if (kind == "csv")
        {
            table = CsvTableReader.Read(path, labelColumn);
        }
        else
        {
            var reader = tableReaders.Find(path) ?? throw new DatasetException(TableReaders.NoReaderFor(path));

            try
            {
                table = reader(path, labelColumn);
            }
            catch (Exception e) when (e is not DatasetException and not OutOfMemoryException)
            {
                throw new DatasetException($"{path}: cannot read the table: {e.Message}", e);
            }
        }

        return TableLabels.ToLabeledData(table, path);
    }

    /// <summary>One parsed file; <see cref="Data"/> parses at most once, on first use.</summary>
    private sealed class CachedFile(DateTime modified, Func<LabeledData> parse)
    {
        public DateTime Modified { get; } = modified;
        public Lazy<LabeledData> Data { get; } = new(parse, LazyThreadSafetyMode.ExecutionAndPublication);
    }
}

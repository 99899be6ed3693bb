using System.Collections.Concurrent;

namespace Sweep.Results.Storage;

/// <summary>
/// Paths of a run folder and the commit rule over its parts: batch k is committed iff
/// <c>trials/part-k.parquet</c> exists and no compacted trials part supersedes it (<see cref="Sweep.Results.Storage.CommittedParts"/>);
/// <c>curves/part-k</c> and <c>layers/part-k</c> are published before it, so without it they are
/// leftovers of an interrupted commit or compaction.
/// </summary>
internal sealed class RunFolderLayout(string root)
{
    /// <summary>
    /// The replaces_parts of trials parts already read in this process, by full path (shared by every
    /// RunFolder opened on a folder); a part's file never changes once published, so (length, time) identify it.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (long Length, DateTime Modified, PartMarks Marks)> KnownMarks = new(StringComparer.Ordinal);

    public const string ManifestFileName = "sweep.json";
    private const string LockFileName = ".writer.lock";

    public string Root { get; } = root;
    public string ManifestPath => Path.Combine(Root, ManifestFileName);
    public string LockPath => Path.Combine(Root, LockFileName);
    public string TrialsFolder => Path.Combine(Root, TrialsTable.Name);
    public string CurvesFolder => Path.Combine(Root, PointTables.Curves.Name);
    public string LayersFolder => Path.Combine(Root, PointTables.Layers.Name);
    public IEnumerable<string> TableFolders => [TrialsFolder, CurvesFolder, LayersFolder];

    public void CreateTableFolders()
    {
        foreach (string folder in TableFolders)
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>True when any table folder holds a published part.</summary>
    public bool HasParts() => TableFolders.Any(f => PartFiles.List(f).Count > 0);

    /// <summary>A consistent view of the committed parts of <paramref name="tableFolder"/> (the trials folder when null).</summary>
    public CommittedParts CommittedParts(string? tableFolder = null) => Storage.CommittedParts.Take(this, tableFolder ?? TrialsFolder);

    /// <summary>
    /// The part numbers a trials part replaces (empty for a part written by a commit) and whether it holds retried
    /// rows, or null when the file no longer exists.
    /// </summary>
    public PartMarks? TryReadMarks(string trialsPartPath)
    {
        var info = new FileInfo(trialsPartPath);
        if (!info.Exists)
        {
            return null;
        }

        if (KnownMarks.TryGetValue(trialsPartPath, out var known) && known.Length == info.Length && known.Modified == info.LastWriteTimeUtc)
        {
            return known.Marks;
        }

        var part = Blocking.Wait(() => PartReader.TryOpenAsync(trialsPartPath, CancellationToken.None));
        if (part is null)
        {
            return null;
        }

        try
        {
            int[] replaces = [];
            if (part.Metadata.TryGetValue(ParquetFormat.ReplacesKey, out string? text))
            {
                replaces = ParquetFormat.ParseReplaces(text)
                    ?? throw part.Corrupt($"metadata '{ParquetFormat.ReplacesKey}' is '{text}', not a list of part numbers");
            }

            bool retries = part.Metadata.TryGetValue(ParquetFormat.RetriesKey, out string? count) && count != "0";
            var marks = new PartMarks(replaces, retries);
            KnownMarks[trialsPartPath] = (info.Length, info.LastWriteTimeUtc, marks);
            return marks;
        }
        finally
        {
            Blocking.Wait(part.DisposeAsync);
        }
    }

    /// <summary>A number no part of any table uses yet, committed or not.</summary>
    public int NextPartNumber() =>
        TableFolders.SelectMany(f => PartFiles.List(f).Keys).DefaultIfEmpty(0).Max() + 1;

    /// <summary>
    /// Repairs the folder after an interruption (call it holding the writer lock): deletes trials parts
    /// that a compacted part supersedes, curves and layers parts without a committed trials part (of an
    /// interrupted commit or compaction, or superseded), and temp files of interrupted writes. Every
    /// committed row stays, in exactly one part. Returns how many files went.
    /// </summary>
    public int RemoveUncommitted()
    {
        var committed = CommittedParts();
        int removed = 0;
        foreach (var (number, path) in PartFiles.List(TrialsFolder))
        {
            if (committed.Superseded.Contains(number))
            {
                File.Delete(path);
                removed++;
            }
        }

        foreach (string folder in new[] { CurvesFolder, LayersFolder })
        {
            foreach (var (number, path) in PartFiles.List(folder))
            {
                if (!committed.Trials.ContainsKey(number))
                {
                    File.Delete(path);
                    removed++;
                }
            }
        }

        foreach (string temp in TableFolders.SelectMany(PartFiles.TempFiles).Concat(ManifestTempFiles()).ToList())
        {
            File.Delete(temp);
            removed++;
        }

        return removed;
    }

    /// <summary>Deletes every result and sweep.json; files that are not Sweep's stay.</summary>
    public void DeleteResults()
    {
        foreach (string folder in TableFolders)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        File.Delete(ManifestPath);
    }

    public string ManifestTempPath() => Path.Combine(Root, $".{ManifestFileName}.{Guid.NewGuid():N}.tmp");

    private IEnumerable<string> ManifestTempFiles() =>
        Directory.Exists(Root) ? Directory.EnumerateFiles(Root, $".{ManifestFileName}.*.tmp") : [];
}

/// <summary>What a trials part's metadata says about other rows: the parts it replaces (a compaction), and whether
/// it holds rows that supersede older rows of the same trial ids (<see cref="ParquetFormat.RetriesKey"/>).</summary>
internal sealed record PartMarks(int[] Replaces, bool HoldsRetries);

namespace Sweep.Results.Storage;

/// <summary>
/// Paths of a run folder and the commit rule over its parts: batch k is committed iff
/// <c>trials/part-k.parquet</c> exists; <c>curves/part-k</c> and <c>layers/part-k</c> are published
/// before it, so without it they are leftovers of an interrupted commit.
/// </summary>
internal sealed class RunFolderLayout(string root)
{
    public const string ManifestFileName = "sweep.json";
    private const string LockFileName = ".writer.lock";

    public string Root { get; } = root;
    public string ManifestPath => Path.Combine(Root, ManifestFileName);
    public string LockPath => Path.Combine(Root, LockFileName);
    public string TrialsFolder => Path.Combine(Root, TrialsTable.Name);
    public string CurvesFolder => Path.Combine(Root, CurvesTable.Name);
    public string LayersFolder => Path.Combine(Root, LayersTable.Name);
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

    /// <summary>Committed parts: the trials parts, by batch number.</summary>
    public SortedDictionary<int, string> CommittedParts() => PartFiles.List(TrialsFolder);

    /// <summary>A number no part of any table uses yet, committed or not.</summary>
    public int NextPartNumber() =>
        TableFolders.SelectMany(f => PartFiles.List(f).Keys).DefaultIfEmpty(0).Max() + 1;

    /// <summary>Deletes curves and layers parts without a trials part, and temp files of interrupted writes. Returns how many files went.</summary>
    public int RemoveUncommitted()
    {
        var committed = CommittedParts();
        int removed = 0;
        foreach (string folder in new[] { CurvesFolder, LayersFolder })
        {
            foreach (var (number, path) in PartFiles.List(folder))
            {
                if (!committed.ContainsKey(number))
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

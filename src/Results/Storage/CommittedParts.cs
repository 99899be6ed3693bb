namespace Sweep.Results.Storage;

/// <summary>
/// The committed parts of a run folder seen at one instant. Batch k is committed iff
/// <c>trials/part-k.parquet</c> exists and no present trials part names k in its
/// <see cref="ParquetFormat.ReplacesKey"/> metadata (a compaction superseded it: its rows live in the
/// compacted part). A curves or layers part counts only when the trials part of its number is committed.
/// </summary>
internal sealed class CommittedParts
{
    /// <summary>How often a view is retaken while commits or compactions keep changing the folder.</summary>
    private const int MaxAttempts = 1000;

    private CommittedParts(SortedDictionary<int, string> trials, HashSet<int> superseded, SortedDictionary<int, string> table, bool holdsRetries)
    {
        Trials = trials;
        Superseded = superseded;
        Table = table;
        HoldsRetries = holdsRetries;
    }

    /// <summary>Committed trials parts by batch number.</summary>
    public SortedDictionary<int, string> Trials { get; }

    /// <summary>Numbers of present trials parts that a compacted part replaces.</summary>
    public IReadOnlySet<int> Superseded { get; }

    /// <summary>Committed parts of the table the view was taken for, by batch number.</summary>
    public SortedDictionary<int, string> Table { get; }

    /// <summary>
    /// Whether a committed trials part holds retried rows (<see cref="ParquetFormat.RetriesKey"/>): only then can a
    /// trial id have more than one committed row, and readers consult <see cref="CurrentRows"/>.
    /// </summary>
    public bool HoldsRetries { get; }

    /// <summary>
    /// A consistent view of <paramref name="tableFolder"/> (one of the layout's table folders). The
    /// trials folder is listed before and after the table folder and the view retaken until both
    /// listings agree: compaction publishes a compacted trials part only after its curves and layers
    /// parts, and deletes replaced parts only after it, so a stable trials listing brackets a table
    /// listing that holds every committed part it names.
    /// </summary>
    public static CommittedParts Take(RunFolderLayout layout, string tableFolder)
    {
        bool isTrials = string.Equals(tableFolder, layout.TrialsFolder, StringComparison.Ordinal);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var trials = PartFiles.List(layout.TrialsFolder);
            var table = isTrials ? trials : PartFiles.List(tableFolder);
            if (!isTrials && !trials.Keys.SequenceEqual(PartFiles.List(layout.TrialsFolder).Keys))
            {
                continue;
            }

            var superseded = new HashSet<int>();
            var retried = new HashSet<int>();
            bool vanished = false;
            foreach (var (number, path) in trials)
            {
                if (layout.TryReadMarks(path) is not { } marks)
                {
                    vanished = true;
                    break;
                }

                superseded.UnionWith(marks.Replaces);
                if (marks.HoldsRetries)
                {
                    retried.Add(number);
                }
            }

            if (vanished)
            {
                continue;
            }

            superseded.IntersectWith(trials.Keys);
            var committed = new SortedDictionary<int, string>();
            foreach (var (number, path) in trials)
            {
                if (!superseded.Contains(number))
                {
                    committed[number] = path;
                }
            }

            var committedTable = new SortedDictionary<int, string>();
            foreach (var (number, path) in table)
            {
                if (committed.ContainsKey(number))
                {
                    committedTable[number] = path;
                }
            }

            return new CommittedParts(committed, superseded, committedTable, retried.Any(committed.ContainsKey));
        }

        throw new RunFolderException(RunFolderFailure.InUse,
            $"{layout.Root}: the parts changed on each of {MaxAttempts} attempts to list them; is a writer deleting them in a loop?");
    }
}

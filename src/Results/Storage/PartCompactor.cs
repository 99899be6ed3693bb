using Parquet;
using Parquet.Schema;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>
/// Merges committed small parts into large ones, so a long sweep of many small commits ends with row
/// groups of <see cref="MinRowGroupRows"/> rows or more in every table that has that much data.
///
/// Design. A batch is a part number k: trials/part-k (the commit record) with curves/part-k and
/// layers/part-k. Batches with a row group under the target (in any table) are merged, grouped by
/// sweep_id, in number order, into one new batch m (a number no part uses), per table one part written
/// with the table's own schema, options (Zstd Optimal, dictionary hints) and metadata, plus
/// <c>replaces_parts</c> = the merged numbers. Row groups split the rows evenly into groups of
/// [target, 2 x target) rows (all rows when fewer). Superseded rows (a resumed sweep retried a failed trial: see
/// <see cref="CurrentRows"/>) are dropped: every batch holding one, or holding retried rows, is merged whatever its
/// size, and a compaction runs whenever there is one, so that afterwards each trial id has one row in each table
/// (the merged trials part is marked <see cref="ParquetFormat.RetriesKey"/> only when a row it keeps still
/// supersedes one outside it, in a part that could not be merged). Steps (<see cref="CompactionStep"/>), under the writer lock:
///   1. write the three parts under hidden temp names, flushed (a crash here leaves temp files: repair deletes them);
///   2. rename curves/part-m, then layers/part-m (a crash here leaves parts without trials/part-m:
///      uncommitted, ignored by readers, deleted by repair; the old batches are untouched);
///   3. rename trials/part-m: the commit point. Its replaces_parts supersede the old batches: readers
///      take batch k as committed only when no present trials part replaces it;
///   4. hide the replaced trials, curves, then layers parts by renaming each to a temp-file name (a crash
///      here leaves superseded parts: readers skip them; and temp files: repair deletes both);
///   5. delete the hidden files.
/// Every instant, <see cref="ResultsReader"/> sees each committed trial once (it brackets a table
/// listing between two equal trials listings and re-lists when a part vanishes), and a crash at any
/// point is repaired by <see cref="RunFolderLayout.RemoveUncommitted"/> to exactly-once.
///
/// Raw globs (DuckDB, pyarrow, Spark over <c>curves/*.parquet</c>) know nothing of replaces_parts. A
/// directory cannot swap N files for one in a single rename, so there is a window in which both the
/// compacted and the replaced parts of a table are visible: curves from the rename of curves/part-m
/// until the old curves parts are hidden, trials from the rename of trials/part-m until the old
/// trials parts are hidden. Steps 2 to 4 are renames only, back to back (the merge is step 1, the
/// unlinks step 5: on ext4 an unlink costs ~2.7 ms, a rename ~0.05 ms), so the window is about
/// 0.05 ms per replaced part; <see cref="CompactionResult.OverlapWindow"/> reports it. A query listing
/// the folder inside it may count those rows twice or fail on a vanished file; rerunning it is
/// correct. After a crash inside the window, superseded parts stay visible to raw globs until the next
/// open for writing repairs the folder.
/// </summary>
internal sealed class PartCompactor(RunFolderLayout layout, int rowGroupRows = PartCompactor.MinRowGroupRows)
{
    /// <summary>The smallest row group compaction leaves in a table that has that many rows (issue 4).</summary>
    public const int MinRowGroupRows = 100_000;

    /// <summary>Small batches that make a writer (at its end) or a resume compact on its own.</summary>
    public const int AutomaticThreshold = 16;

    private readonly Table[] _tables =
    [
        new(PointTables.Curves.Name, layout.CurvesFolder, PointTables.Curves.Schema, PointTables.Curves.Options, CompactionStep.CurvesPublished, CompactionStep.ReplacedCurvesHidden),
        new(PointTables.Layers.Name, layout.LayersFolder, PointTables.Layers.Schema, PointTables.Layers.Options, CompactionStep.LayersPublished, CompactionStep.ReplacedLayersHidden),
        new(TrialsTable.Name, layout.TrialsFolder, TrialsTable.Schema, TrialsTable.Options, CompactionStep.TrialsPublished, CompactionStep.ReplacedTrialsHidden),
    ];

    /// <summary>
    /// Test hook standing in for a killed process: asked after each step; when it returns true the
    /// compaction stops there at once, cleaning up nothing.
    /// </summary>
    public Func<CompactionStep, bool>? StopAfter { get; init; }

    /// <summary>
    /// Repairs the folder, then merges every group of two or more small batches (when at least
    /// <paramref name="minimumSmallBatches"/> small batches exist). Call it holding the writer lock.
    /// </summary>
    public async Task<CompactionResult> CompactAsync(int minimumSmallBatches, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        layout.RemoveUncommitted();
        var (groups, current) = await PlanAsync(cancellationToken).ConfigureAwait(false);
        bool resolvesRetries = groups.Any(g => g.Batches.Any(b => b.Drop.Count > 0 || b.HoldsRetries));
        if (!resolvesRetries && groups.Sum(g => g.Batches.Count) < Math.Max(2, minimumSmallBatches))
        {
            return CompactionResult.None;
        }

        var result = CompactionResult.None;
        var mergedSoFar = new HashSet<int>();
        foreach (var group in groups)
        {
            mergedSoFar.UnionWith(group.Batches.Select(b => b.Number));
            var merged = await MergeAsync(group, StillSuperseding(group, mergedSoFar, current), cancellationToken).ConfigureAwait(false);
            if (merged is null)
            {
                break;
            }

            result = result.Add(merged);
        }

        return result;
    }

    /// <summary>
    /// The groups of committed batches worth merging: same sweep_id, in number order; two or more small ones, or any
    /// holding superseded or retried rows. With the folder's current rows, which say what each batch drops.
    /// </summary>
    private async Task<(List<Group> Groups, CurrentRows Current)> PlanAsync(CancellationToken cancellationToken)
    {
        var committed = layout.CommittedParts();
        // Under the writer lock no part vanishes, so the read cannot come back empty.
        var current = committed.HoldsRetries
            ? CurrentRows.TryReadAll(committed.Trials) ?? throw new RunFolderException(RunFolderFailure.InUse, $"{layout.Root}: a trials part vanished while compaction held the writer lock")
            : CurrentRows.None;
        var tableParts = _tables.Select(t => PartFiles.List(t.Folder)).ToArray();
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var order = new List<Group>();
        foreach (int number in committed.Trials.Keys)
        {
            var drop = current.SupersededByPart.GetValueOrDefault(number) ?? [];
            bool holdsRetries = layout.TryReadMarks(committed.Trials[number])?.HoldsRetries == true;
            var batch = await InspectAsync(number, tableParts, drop, holdsRetries, cancellationToken).ConfigureAwait(false);
            if (batch is null)
            {
                continue;
            }

            if (!groups.TryGetValue(batch.SweepId, out var group))
            {
                group = new Group(batch.SweepId, []);
                groups[batch.SweepId] = group;
                order.Add(group);
            }

            group.Batches.Add(batch);
        }

        return (order.Where(g => g.Batches.Count >= 2 || g.Batches.Any(b => b.Drop.Count > 0 || b.HoldsRetries)).ToList(), current);
    }

    /// <summary>
    /// How many rows the merge of <paramref name="group"/> keeps that supersede rows still present once it is committed:
    /// rows in batches outside <paramref name="mergedSoFar"/> (this group and those merged before it), i.e. not
    /// mergeable, or in a group merged later. That count is the merged trials part's <see cref="ParquetFormat.RetriesKey"/>,
    /// so readers keep skipping those rows if the compaction stops before the later group.
    /// </summary>
    private static int StillSuperseding(Group group, HashSet<int> mergedSoFar, CurrentRows current)
    {
        var inGroup = group.Batches.Select(b => b.Number).ToHashSet();
        int count = 0;
        foreach (var (part, ids) in current.SupersededByPart)
        {
            if (!mergedSoFar.Contains(part))
            {
                count += ids.Count(id => current.CurrentPart(id) is { } at && inGroup.Contains(at));
            }
        }

        return count;
    }

    /// <summary>
    /// Batch <paramref name="number"/> when it is mergeable (every part of the table's current schema, one sweep_id)
    /// and worth merging (small, or dropping rows, or holding retried rows); else null. Its row counts leave out
    /// the rows of the trial ids in <paramref name="drop"/>.
    /// </summary>
    private async Task<Batch?> InspectAsync(int number, SortedDictionary<int, string>[] tableParts, HashSet<TrialId> drop, bool holdsRetries, CancellationToken cancellationToken)
    {
        var paths = new string?[_tables.Length];
        var rows = new long[_tables.Length];
        string? sweepId = null;
        bool small = false;
        for (int t = 0; t < _tables.Length; t++)
        {
            if (!tableParts[t].TryGetValue(number, out string? path))
            {
                continue;
            }

            await using var part = await PartReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            if (!SameColumns(part.Fields, _tables[t].Schema.DataFields)
                || !part.Metadata.TryGetValue(ParquetFormat.SweepIdKey, out string? partSweepId)
                || (sweepId is not null && partSweepId != sweepId))
            {
                return null;
            }

            sweepId = partSweepId;
            paths[t] = path;
            for (int group = 0; group < part.RowGroupCount; group++)
            {
                long groupRows = part.RowCount(group);
                rows[t] += groupRows;
                small |= groupRows < rowGroupRows;
                if (drop.Count > 0)
                {
                    rows[t] -= (await Kept(part, group, drop, cancellationToken).ConfigureAwait(false)).Count(k => !k);
                }
            }
        }

        return (small || drop.Count > 0 || holdsRetries) && sweepId is not null ? new Batch(number, sweepId, paths, rows, drop, holdsRetries) : null;
    }

    /// <summary>Per row of a row group, whether its trial id is not among <paramref name="drop"/>.</summary>
    private static async Task<bool[]> Kept(PartReader part, int group, HashSet<TrialId> drop, CancellationToken cancellationToken)
    {
        var ids = await part.ReadTrialIdsAsync(group, TrialsTable.TrialIdColumn, cancellationToken).ConfigureAwait(false);
        return ids.Select(id => !drop.Contains(id)).ToArray();
    }

    /// <summary>Merges one group as batch m (steps 1 to 5); null when <see cref="StopAfter"/> stopped it.</summary>
    private async Task<CompactionResult?> MergeAsync(Group group, int retries, CancellationToken cancellationToken)
    {
        int number = layout.NextPartNumber();
        int[] replaces = group.Batches.Select(b => b.Number).ToArray();
        var temps = new string?[_tables.Length];
        var published = new List<string>();
        bool committed = false;
        bool stopped = false;
        long rowsWritten = 0;
        try
        {
            for (int t = 0; t < _tables.Length; t++)
            {
                var table = _tables[t];
                var sources = group.Batches.Where(b => b.Paths[t] is not null).ToList();
                long rows = sources.Sum(b => b.Rows[t]);
                // The trials part is the commit point, so it is written even when every row it merged was superseded.
                if (rows == 0 && table.Name != TrialsTable.Name)
                {
                    continue;
                }

                temps[t] = await PartFiles.WriteTempAsync(table.Folder, number,
                    (stream, ct) => WritePartAsync(stream, table, number, sources.Select(b => (b.Paths[t]!, b.Drop)).ToList(), rows, group.SweepId, replaces, retries, ct),
                    cancellationToken).ConfigureAwait(false);
                rowsWritten += rows;
            }

            if (stopped = Stop(CompactionStep.TempPartsWritten))
            {
                return null;
            }

            // Steps 2 to 4 only rename, back to back, and ignore cancellation: that keeps raw globs' window short.
            var overlap = System.Diagnostics.Stopwatch.StartNew();
            for (int t = 0; t < _tables.Length; t++)
            {
                if (temps[t] is { } temp)
                {
                    published.Add(PartFiles.Publish(temp, _tables[t].Folder, number));
                    temps[t] = null;
                }

                committed = _tables[t].Name == TrialsTable.Name;
                if (stopped = Stop(_tables[t].Published))
                {
                    return null;
                }
            }

            // Trials first: its window is the one that makes raw globs count trials twice.
            var hidden = new List<string>();
            foreach (int t in new[] { 2, 0, 1 })
            {
                foreach (var batch in group.Batches)
                {
                    if (batch.Paths[t] is { } old && PartFiles.TryHide(old) is { } gone)
                    {
                        hidden.Add(gone);
                    }
                }

                if (stopped = Stop(_tables[t].Hidden))
                {
                    return null;
                }
            }

            overlap.Stop();
            hidden.ForEach(PartFiles.TryDelete);
            if (stopped = Stop(CompactionStep.HiddenPartsDeleted))
            {
                return null;
            }

            return new CompactionResult(replaces.Length, 1, rowsWritten, overlap.Elapsed);
        }
        finally
        {
            if (!stopped)
            {
                // A failure (not a simulated kill) takes back what is not committed; a committed merge stays, repair finishes it.
                foreach (string? temp in temps)
                {
                    if (temp is not null)
                    {
                        PartFiles.TryDelete(temp);
                    }
                }

                if (!committed)
                {
                    published.ForEach(PartFiles.TryDelete);
                }
            }
        }
    }

    private bool Stop(CompactionStep step) => StopAfter?.Invoke(step) == true;

    /// <summary>The rows of <paramref name="sources"/>, in order, as one part of <paramref name="table"/> with row groups of [target, 2 x target) rows.</summary>
    private async Task WritePartAsync(
        Stream stream, Table table, int number, List<(string Path, HashSet<TrialId> Drop)> sources, long totalRows, string sweepId, int[] replaces, int retries, CancellationToken cancellationToken)
    {
        var fields = table.Schema.DataFields;
        var buffers = new ColumnBuffer[fields.Length];
        using var release = new Disposables(buffers);
        for (int c = 0; c < fields.Length; c++)
        {
            buffers[c] = ColumnBuffer.For(fields[c], table.Folder, number);
        }

        var sizes = RowGroupSizes(totalRows, rowGroupRows);
        var garbage = new GarbageBound(GarbageBound.CompactionBudget);
        int nextGroup = 0;
        await using var writer = await ParquetWriter.CreateAsync(table.Schema, stream, table.Options, false, cancellationToken).ConfigureAwait(false);
        var metadata = ParquetFormat.Metadata(table.Name, sweepId);
        metadata[ParquetFormat.ReplacesKey] = ParquetFormat.FormatReplaces(replaces);
        if (retries > 0 && table.Name == TrialsTable.Name)
        {
            metadata[ParquetFormat.RetriesKey] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        writer.CustomMetadata = metadata;
        foreach (var (path, drop) in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var part = await PartReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
            var sourceFields = part.Fields;
            for (int group = 0; group < part.RowGroupCount; group++)
            {
                using var rowGroup = part.OpenRowGroup(group);
                int rows = checked((int)rowGroup.RowCount);
                var keep = drop.Count > 0 ? await Kept(part, group, drop, cancellationToken).ConfigureAwait(false) : null;
                for (int c = 0; c < buffers.Length; c++)
                {
                    await buffers[c].AppendAsync(rowGroup, sourceFields[c], rows, keep, cancellationToken).ConfigureAwait(false);
                }

                garbage.Check();

                while (nextGroup < sizes.Length && buffers[0].Count >= sizes[nextGroup])
                {
                    using var output = writer.CreateRowGroup();
                    for (int c = 0; c < buffers.Length; c++)
                    {
                        await buffers[c].WriteAsync(output, fields[c], sizes[nextGroup], cancellationToken).ConfigureAwait(false);
                        garbage.Check();
                    }

                    output.CompleteValidate();
                    nextGroup++;
                }
            }
        }

        if (nextGroup != sizes.Length || buffers[0].Count != 0)
        {
            throw new RunFolderException(RunFolderFailure.Corrupt,
                $"{table.Folder}: the parts being compacted changed while they were read ({totalRows} rows expected)");
        }
    }

    /// <summary>
    /// <paramref name="totalRows"/> split evenly into groups of at least <paramref name="target"/> rows
    /// (so each is under 2 x target), or one group when there are fewer rows (none when there are none).
    /// </summary>
    public static int[] RowGroupSizes(long totalRows, int target)
    {
        if (totalRows == 0)
        {
            return [];
        }

        long count = Math.Max(1, totalRows / target);
        long size = totalRows / count;
        long extra = totalRows % count;
        var sizes = new int[count];
        for (long i = 0; i < count; i++)
        {
            sizes[i] = checked((int)(size + (i < extra ? 1 : 0)));
        }

        return sizes;
    }

    private static bool SameColumns(IReadOnlyList<DataField> file, IReadOnlyList<DataField> table) =>
        file.Count == table.Count && file.Zip(table).All(p =>
            p.First.Name == p.Second.Name && p.First.IsNullable == p.Second.IsNullable && !p.First.IsArray
            && ColumnBuffer.Supports(p.First.ClrType)
            && (p.First.ClrType == p.Second.ClrType || (ColumnBuffer.IsText(p.First.ClrType) && ColumnBuffer.IsText(p.Second.ClrType))));

    /// <summary>Disposes what has been created of an array filled one by one.</summary>
    private sealed class Disposables(IDisposable?[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item?.Dispose();
            }
        }
    }

    private sealed record Table(string Name, string Folder, ParquetSchema Schema, ParquetOptions Options, CompactionStep Published, CompactionStep Hidden);

    /// <summary>A batch to merge: its parts per table, their row counts without the dropped trial ids' rows.</summary>
    private sealed record Batch(int Number, string SweepId, string?[] Paths, long[] Rows, HashSet<TrialId> Drop, bool HoldsRetries);

    private sealed record Group(string SweepId, List<Batch> Batches);
}

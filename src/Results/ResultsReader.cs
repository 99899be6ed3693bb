using Sweep.Engine.Training;
using Sweep.Results.Storage;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>
/// Streams the committed rows of a run folder, one part file at a time, so a sweep of any size reads
/// in the memory of its largest row group (plus the ids of the trials returned so far). Rows of
/// interrupted commits (parts without a trials part) and of parts a compaction superseded are never
/// returned. Each trial id comes with the rows of one attempt only: when a resumed sweep retried a trial
/// committed as failed, the newer row supersedes the older one (the rule is <see cref="CurrentRows"/>'s: the row
/// that did not fail, else the one that finished last), and the superseded attempt's trials, curves and layers
/// rows are skipped until a compaction drops them. Enumerations may run while a writer commits or compacts and still return each row once;
/// trials committed after one starts may or may not be among its rows. Errors are
/// <see cref="RunFolderException"/> naming the file.
/// </summary>
public sealed class ResultsReader
{
    private readonly RunFolderLayout _layout;

    internal ResultsReader(RunFolderLayout layout) => _layout = layout;

    /// <summary>Trials rows passing <paramref name="filter"/>, part by part in part-number order.</summary>
    /// <exception cref="ArgumentException">The filter names an unknown config field or an unusable value.</exception>
    public IEnumerable<TrialRow> ReadTrials(TrialFilter? filter = null)
    {
        var compiled = CompiledTrialFilter.Compile(filter);
        return ReadParts(_layout.TrialsFolder, (part, group) => TrialsTable.ReadAsync(part, group, compiled, CancellationToken.None), row => row.TrialId);
    }

    /// <summary>Curve rows of the given trials (all committed trials when null), part by part.</summary>
    public IEnumerable<CurveRow> ReadCurves(IReadOnlyCollection<TrialId>? trialIds = null)
    {
        var ids = AsSet(trialIds);
        return ReadParts(_layout.CurvesFolder, (part, group) => ReadPointsAsync(PointTables.Curves, part, group, ids, (id, point) => new CurveRow(id, point)), row => row.TrialId);
    }

    /// <summary>Layer rows of the given trials (all committed trials when null), part by part.</summary>
    public IEnumerable<LayerRow> ReadLayers(IReadOnlyCollection<TrialId>? trialIds = null)
    {
        var ids = AsSet(trialIds);
        return ReadParts(_layout.LayersFolder, (part, group) => ReadPointsAsync(PointTables.Layers, part, group, ids, (id, point) => new LayerRow(id, point)), row => row.TrialId);
    }

    /// <summary>Every committed trial id; reads only the trial_id column.</summary>
    internal HashSet<TrialId> ReadCommittedTrialIds() =>
        [.. ReadParts(_layout.TrialsFolder, (part, group) => TrialIdsAsync(part, group), id => id)];

    /// <summary>The status of every committed trial's current row; reads the trial_id, status and finished_at columns.</summary>
    internal Dictionary<TrialId, TrialStatus> ReadCommittedStatuses()
    {
        while (true)
        {
            if (CurrentRows.TryReadAll(_layout.CommittedParts().Trials) is { } current)
            {
                return new Dictionary<TrialId, TrialStatus>(current.Statuses);
            }
        }
    }

    private static async Task<List<TrialId>> TrialIdsAsync(PartReader part, int group) =>
        [.. await TrialsTable.ReadTrialIdsAsync(part, group, CancellationToken.None).ConfigureAwait(false)];

    private static async Task<List<TRow>> ReadPointsAsync<TPoint, TRow>(
        PointTable<TPoint> table, PartReader part, int group, IReadOnlySet<TrialId>? ids, Func<TrialId, TPoint, TRow> row) =>
        [.. (await table.ReadAsync(part, group, ids, CancellationToken.None).ConfigureAwait(false)).Select(r => row(r.TrialId, r.Point))];

    private static IReadOnlySet<TrialId>? AsSet(IReadOnlyCollection<TrialId>? trialIds) => trialIds switch
    {
        null => null,
        IReadOnlySet<TrialId> set => set,
        _ => new HashSet<TrialId>(trialIds),
    };

    /// <summary>
    /// The rows of the committed parts of <paramref name="folder"/>, without superseded attempts. A compaction may
    /// delete a listed part before it is opened; then the view is retaken and reading goes on in the parts that
    /// hold the rest, skipping trials already returned (a trial's current rows of one table are always in one part,
    /// and a part is read whole before the next is opened, so each row comes exactly once).
    /// </summary>
    private IEnumerable<T> ReadParts<T>(string folder, Func<PartReader, int, Task<List<T>>> readGroup, Func<T, TrialId> trialIdOf)
    {
        var partsRead = new HashSet<int>();
        var trialsReturned = new HashSet<TrialId>();
        bool retaken = false;
        while (true)
        {
            var view = _layout.CommittedParts(folder);
            var current = view.HoldsRetries ? CurrentRows.TryReadAll(view.Trials) : CurrentRows.None;
            if (current is null)
            {
                retaken = true;
                continue;
            }

            bool vanished = false;
            foreach (var (number, path) in view.Table)
            {
                if (partsRead.Contains(number))
                {
                    continue;
                }

                var part = Blocking.Wait(() => PartReader.TryOpenAsync(path, CancellationToken.None));
                if (part is null)
                {
                    vanished = true;
                    break;
                }

                var partTrials = new List<TrialId>();
                try
                {
                    TrialId? previous = null;
                    for (int group = 0; group < part.RowGroupCount; group++)
                    {
                        foreach (var row in Blocking.Wait(() => readGroup(part, group)))
                        {
                            TrialId trialId = trialIdOf(row);
                            if ((retaken && trialsReturned.Contains(trialId)) || current.IsSuperseded(trialId, number))
                            {
                                continue;
                            }

                            if (trialId != previous)
                            {
                                previous = trialId;
                                partTrials.Add(trialId);
                            }

                            yield return row;
                        }
                    }
                }
                finally
                {
                    Blocking.Wait(part.DisposeAsync);
                }

                partsRead.Add(number);
                trialsReturned.UnionWith(partTrials);
            }

            if (!vanished)
            {
                yield break;
            }

            retaken = true;
        }
    }
}

using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>
/// Which committed row of each trial is current, when <c>trials</c> holds more than one row of a trial id (a
/// resumed sweep retried a trial committed as failed, and the old row is not compacted away yet).
///
/// Contract: of the rows of one trial id, the current one is the row that did not fail (there is at most one: a
/// trial that completed, diverged or was pruned is never run again); among failed rows only, the one that finished
/// last (<c>finished_at</c>), then the one in the higher part number. The others are superseded. The curves and
/// layers rows of an attempt are in the part of the same number as its trials row (a part holds a trial id at
/// most once), so a part number names the attempt: readers skip, and compaction drops, every row of a trial id
/// in a part whose trials row is superseded.
/// </summary>
internal sealed class CurrentRows
{
    private static readonly Dictionary<TrialId, Row> NoRows = [];

    private readonly Dictionary<TrialId, Row> _current;
    private readonly Dictionary<int, HashSet<TrialId>> _supersededByPart;

    private CurrentRows(Dictionary<TrialId, Row> current, Dictionary<int, HashSet<TrialId>> supersededByPart)
    {
        _current = current;
        _supersededByPart = supersededByPart;
    }

    /// <summary>No trial id has more than one row (what a folder without retried rows guarantees).</summary>
    public static CurrentRows None { get; } = new(NoRows, []);

    /// <summary>Parts holding superseded rows, with the trial ids superseded there.</summary>
    public IReadOnlyDictionary<int, HashSet<TrialId>> SupersededByPart => _supersededByPart;

    /// <summary>Whether the rows of <paramref name="trialId"/> in part <paramref name="part"/> belong to a superseded attempt.</summary>
    public bool IsSuperseded(TrialId trialId, int part) =>
        _supersededByPart.TryGetValue(part, out var ids) && ids.Contains(trialId);

    /// <summary>The part holding the current row of <paramref name="trialId"/>, or null when it was not read.</summary>
    public int? CurrentPart(TrialId trialId) => _current.TryGetValue(trialId, out var row) ? row.Part : null;

    /// <summary>The status of every trial's current row (read with <see cref="ReadAll"/>).</summary>
    public IEnumerable<KeyValuePair<TrialId, TrialStatus>> Statuses => _current.Select(p => KeyValuePair.Create(p.Key, p.Value.Status));

    /// <summary>
    /// The current rows of the committed trials parts <paramref name="trials"/> (number to path), reading the
    /// trial_id, status and finished_at columns; null when a part vanished meanwhile (a compaction: take a new view).
    /// </summary>
    public static CurrentRows? TryReadAll(SortedDictionary<int, string> trials)
    {
        var current = new Dictionary<TrialId, Row>();
        var superseded = new Dictionary<int, HashSet<TrialId>>();
        foreach (var (number, path) in trials)
        {
            var part = Blocking.Wait(() => PartReader.TryOpenAsync(path, CancellationToken.None));
            if (part is null)
            {
                return null;
            }

            try
            {
                for (int group = 0; group < part.RowGroupCount; group++)
                {
                    var (ids, statuses, finished) = Blocking.Wait(() => ReadGroupAsync(part, group));
                    for (int i = 0; i < ids.Length; i++)
                    {
                        var row = new Row(number, statuses[i], finished[i]);
                        if (!current.TryGetValue(ids[i], out var other))
                        {
                            current[ids[i]] = row;
                            continue;
                        }

                        var (kept, lost) = Newer(row, other) ? (row, other) : (other, row);
                        current[ids[i]] = kept;
                        if (!superseded.TryGetValue(lost.Part, out var lostIds))
                        {
                            superseded[lost.Part] = lostIds = [];
                        }

                        lostIds.Add(ids[i]);
                    }
                }
            }
            finally
            {
                Blocking.Wait(part.DisposeAsync);
            }
        }

        return new CurrentRows(current, superseded);
    }

    /// <summary>The contract above: a row that did not fail, then the later finished_at, then the higher part.</summary>
    private static bool Newer(Row row, Row than)
    {
        bool failed = row.Status == TrialStatus.Failed;
        bool thanFailed = than.Status == TrialStatus.Failed;
        if (failed != thanFailed)
        {
            return !failed;
        }

        return row.FinishedAt != than.FinishedAt ? row.FinishedAt > than.FinishedAt : row.Part > than.Part;
    }

    private static async Task<(TrialId[] Ids, TrialStatus[] Statuses, DateTime[] Finished)> ReadGroupAsync(PartReader part, int group)
    {
        var ids = await TrialsTable.ReadTrialIdsAsync(part, group, CancellationToken.None).ConfigureAwait(false);
        var statuses = await TrialsTable.ReadStatusesAsync(part, group, CancellationToken.None).ConfigureAwait(false);
        var finished = await part.ReadAsync<DateTime>(group, TrialsTable.FinishedAtColumn, CancellationToken.None).ConfigureAwait(false);
        return (ids, statuses, finished);
    }

    private readonly record struct Row(int Part, TrialStatus Status, DateTime FinishedAt);
}

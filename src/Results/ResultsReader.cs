using Sweep.Results.Storage;

namespace Sweep.Results;

/// <summary>
/// Streams the committed rows of a run folder, one part file at a time, so a sweep of any size reads
/// in the memory of its largest part. Rows of interrupted commits (parts without a trials part) are
/// never returned. The set of committed parts is fixed when an enumeration starts; enumerations may
/// run while a writer commits. Errors are <see cref="RunFolderException"/> naming the file.
/// </summary>
public sealed class ResultsReader
{
    private readonly RunFolderLayout _layout;

    internal ResultsReader(RunFolderLayout layout) => _layout = layout;

    /// <summary>Trials rows passing <paramref name="filter"/>, part by part in commit order.</summary>
    /// <exception cref="ArgumentException">The filter names an unknown config field or an unusable value.</exception>
    public IEnumerable<TrialRow> ReadTrials(TrialFilter? filter = null)
    {
        var compiled = CompiledTrialFilter.Compile(filter);
        return ReadParts(_layout.TrialsFolder, (part, group) => TrialsTable.ReadAsync(part, group, compiled, CancellationToken.None));
    }

    /// <summary>Curve rows of the given trials (all committed trials when null), part by part.</summary>
    public IEnumerable<CurveRow> ReadCurves(IReadOnlyCollection<string>? trialIds = null)
    {
        var ids = AsSet(trialIds);
        return ReadParts(_layout.CurvesFolder, (part, group) => CurvesTable.ReadAsync(part, group, ids, CancellationToken.None));
    }

    /// <summary>Layer rows of the given trials (all committed trials when null), part by part.</summary>
    public IEnumerable<LayerRow> ReadLayers(IReadOnlyCollection<string>? trialIds = null)
    {
        var ids = AsSet(trialIds);
        return ReadParts(_layout.LayersFolder, (part, group) => LayersTable.ReadAsync(part, group, ids, CancellationToken.None));
    }

    /// <summary>Every committed trial id; reads only the trial_id column.</summary>
    internal HashSet<string> ReadCommittedTrialIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in _layout.CommittedParts().Values)
        {
            Blocking.Wait(async () =>
            {
                await using var part = await PartReader.OpenAsync(path, CancellationToken.None).ConfigureAwait(false);
                for (int group = 0; group < part.RowGroupCount; group++)
                {
                    ids.UnionWith(await TrialsTable.ReadTrialIdsAsync(part, group, CancellationToken.None).ConfigureAwait(false));
                }

                return ids;
            });
        }

        return ids;
    }

    private static IReadOnlySet<string>? AsSet(IReadOnlyCollection<string>? trialIds) => trialIds switch
    {
        null => null,
        IReadOnlySet<string> set => set,
        _ => new HashSet<string>(trialIds, StringComparer.Ordinal),
    };

    private IEnumerable<T> ReadParts<T>(string folder, Func<PartReader, int, Task<List<T>>> readGroup)
    {
        var committed = _layout.CommittedParts();
        foreach (var (number, path) in PartFiles.List(folder))
        {
            if (!committed.ContainsKey(number))
            {
                continue;
            }

            var part = Blocking.Wait(() => PartReader.OpenAsync(path, CancellationToken.None));
            try
            {
                for (int group = 0; group < part.RowGroupCount; group++)
                {
                    foreach (var row in Blocking.Wait(() => readGroup(part, group)))
                    {
                        yield return row;
                    }
                }
            }
            finally
            {
                Blocking.Wait(part.DisposeAsync);
            }
        }
    }
}

using Sweep.Engine.Config;

namespace Sweep.Specs.Expansion;

/// <summary>
/// The trials of a spec with several grids: each grid's trials in its own order, grid after grid,
/// leaving out a trial an earlier grid already produced. Whether an earlier grid produced a trial
/// is decided from the trial alone (<see cref="TrialGrid.Contains"/>, O(fields)), so nothing is
/// remembered and memory stays constant. Only earlier grids that can share a trial at all (every
/// field has a value in common) are asked.
/// </summary>
internal sealed class GridUnion
{
    private readonly IReadOnlyList<TrialGrid> _grids;
    private readonly int[][] _overlapping;

    public GridUnion(IReadOnlyList<TrialGrid> grids)
    {
        _grids = grids;
        _overlapping = [.. grids.Select((grid, i) => Enumerable.Range(0, i).Where(j => MayOverlap(grid, grids[j])).ToArray())];
    }

    /// <summary>Per grid, the combinations (no sample points, no seeds) that no earlier grid has; walks a grid only when an earlier one may overlap it.</summary>
    public long[] CountNewCombinations()
    {
        var counts = new long[_grids.Count];
        for (int i = 0; i < _grids.Count; i++)
        {
            if (_overlapping[i].Length == 0)
            {
                counts[i] = _grids[i].CountCombinations();
                continue;
            }

            long fresh = 0;
            foreach (TrialConfig combination in _grids[i].EnumerateCombinations())
            {
                if (!InEarlierGrid(i, combination, ignoreSampled: true))
                {
                    fresh++;
                }
            }

            counts[i] = fresh;
        }

        return counts;
    }

    public IEnumerable<TrialConfig> Enumerate()
    {
        for (int i = 0; i < _grids.Count; i++)
        {
            foreach (TrialConfig trial in _grids[i].Enumerate())
            {
                if (!InEarlierGrid(i, trial, ignoreSampled: false))
                {
                    yield return trial;
                }
            }
        }
    }

    /// <summary>Index of the first grid that produces <paramref name="config"/> (its seed not checked), or -1.</summary>
    public int IndexOf(TrialConfig config)
    {
        for (int i = 0; i < _grids.Count; i++)
        {
            if (_grids[i].Contains(config))
            {
                return i;
            }
        }

        return -1;
    }

    private bool InEarlierGrid(int grid, TrialConfig config, bool ignoreSampled)
    {
        foreach (int earlier in _overlapping[grid])
        {
            if (_grids[earlier].Contains(config, ignoreSampled))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>False when some field has no value both grids can give it, so no trial is in both.</summary>
    private static bool MayOverlap(TrialGrid a, TrialGrid b)
    {
        foreach (ConfigField field in ConfigSchema.Fields)
        {
            if (field.Name == "seed" || TrialGrid.CanonicalisedFields.Contains(field.Name))
            {
                continue;
            }

            if (a.ValuesOf(field) is { } left && b.ValuesOf(field) is { } right && !left.Any(value => right.Contains(value)))
            {
                return false;
            }
        }

        return true;
    }
}

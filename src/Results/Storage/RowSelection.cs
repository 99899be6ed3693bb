using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>Which rows of a row group belong to the trials asked for.</summary>
internal static class RowSelection
{
    /// <summary>Indices of rows whose trial id is in <paramref name="trialIds"/> (every row when null).</summary>
    public static List<int> Of(TrialId[] ids, IReadOnlySet<TrialId>? trialIds)
    {
        var selected = new List<int>(trialIds is null ? ids.Length : 0);
        for (int i = 0; i < ids.Length; i++)
        {
            if (trialIds is null || trialIds.Contains(ids[i]))
            {
                selected.Add(i);
            }
        }

        return selected;
    }
}

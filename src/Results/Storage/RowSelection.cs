namespace Sweep.Results.Storage;

/// <summary>Which rows of a row group belong to the trials asked for.</summary>
internal static class RowSelection
{
    /// <summary>Indices of rows whose trial id is in <paramref name="trialIds"/> (every row when null); a null id is corruption.</summary>
    public static List<int> Of(PartReader part, string?[] ids, IReadOnlySet<string>? trialIds)
    {
        var selected = new List<int>(trialIds is null ? ids.Length : 0);
        for (int i = 0; i < ids.Length; i++)
        {
            string id = ids[i] ?? throw part.Corrupt($"column 'trial_id' has a null in row {i}");
            if (trialIds is null || trialIds.Contains(id))
            {
                selected.Add(i);
            }
        }

        return selected;
    }
}

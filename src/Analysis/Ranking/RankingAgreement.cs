namespace Sweep.Analysis;

/// <summary>
/// Whether an adaptive sweep (one with a stopping rule) found the configurations a full sweep ranks on top. The
/// top <c>n</c> agree when every configuration in the full ranking's top <c>n</c> is in the adaptive ranking's top
/// <c>n</c>, or is indistinguishable by the ranking's intervals from one that is: it shares a tie group
/// (<see cref="ConfigRanking.TieGroup"/>) with such a configuration in either ranking. Both rankings must be of the
/// same grid, ranked by the same metric; configurations are matched by <see cref="ConfigRanking.ConfigKey"/>.
/// </summary>
public static class RankingAgreement
{
    /// <summary>Keys of the first <paramref name="n"/> configurations, in rank order.</summary>
    public static IReadOnlyList<string> Top(IReadOnlyList<ConfigRanking> ranking, int n) => [.. ranking.Take(n).Select(c => c.ConfigKey)];

    /// <summary>The full ranking's top-<paramref name="n"/> configurations the adaptive one neither kept in its top nor tied with it.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<ConfigRanking> full, IReadOnlyList<ConfigRanking> adaptive, int n)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var adaptiveTop = Top(adaptive, n);
        var fullGroups = full.ToDictionary(c => c.ConfigKey, c => c.TieGroup, StringComparer.Ordinal);
        var adaptiveGroups = adaptive.ToDictionary(c => c.ConfigKey, c => c.TieGroup, StringComparer.Ordinal);
        bool TiedWithTop(string key, Dictionary<string, int> groups) =>
            groups.TryGetValue(key, out int group) && adaptiveTop.Any(top => groups.TryGetValue(top, out int g) && g == group);

        return [.. Top(full, n).Where(key => !adaptiveTop.Contains(key) && !TiedWithTop(key, fullGroups) && !TiedWithTop(key, adaptiveGroups))];
    }

    /// <summary>True when <see cref="Missing"/> is empty.</summary>
    public static bool TopAgree(IReadOnlyList<ConfigRanking> full, IReadOnlyList<ConfigRanking> adaptive, int n) => Missing(full, adaptive, n).Count == 0;
}

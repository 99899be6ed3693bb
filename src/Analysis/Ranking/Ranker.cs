namespace Sweep.Analysis;

/// <summary>
/// Orders configurations, learning first:
/// <list type="number">
/// <item>configurations that learned (majority diagnosis not failed, diverged, diverging, unstable or stalled) before
///   every one that did not;</item>
/// <item>among those, the ones that reached the target in most seeds first, ordered by the ranking metric's mean
///   (its better direction; no data last);</item>
/// <item>then the ones that missed it in most seeds, by the fraction of seeds that reached it (more first), then by the
///   area under the log train loss (lower first): their steps to target is censored at the budget, so it cannot
///   order them, and long runs of ties at the budget would say nothing;</item>
/// <item>then stability (or speed, when ranking by stability), then the config key, so equal values always come
///   out in the same order.</item>
/// </list>
/// Neighbours in the same group whose intervals on the value that ordered them overlap are marked tied instead of
/// given a made-up order.
/// </summary>
public static class Ranker
{
    public static IReadOnlyList<ConfigRanking> Rank(IReadOnlyList<ConfigRanking> configs, RankingOptions options, string defaultBy)
    {
        var metric = MetricCatalog.Find(options.By ?? defaultBy);
        if (options.Top is <= 0)
        {
            throw new ArgumentException($"Top must be positive, not {options.Top}", nameof(options));
        }

        var secondary = MetricCatalog.Find(metric.Name == MetricCatalog.Stability ? MetricCatalog.Speed : MetricCatalog.Stability);
        var front = ParetoFront(configs);
        var auc = MetricCatalog.Find(MetricCatalog.AucLogLoss);
        var ordered = configs
            .OrderBy(c => c.Learned ? 0 : 1)
            .ThenBy(c => c.ReachedInMostSeeds ? 0 : 1)
            .ThenBy(c => c.ReachedInMostSeeds ? SortValue(c.Metrics[metric.Name], metric) : -c.ReachedFraction)
            .ThenBy(c => c.ReachedInMostSeeds ? 0 : SortValue(c.Metrics[auc.Name], auc))
            .ThenBy(c => SortValue(c.Metrics[secondary.Name], secondary))
            .ThenBy(c => c.ConfigKey, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<ConfigRanking>(ordered.Count);
        int tieGroup = 0;
        for (int i = 0; i < ordered.Count; i++)
        {
            var current = ordered[i];
            var previous = i > 0 ? ordered[i - 1] : null;
            bool tied = previous is not null
                && current.Learned == previous.Learned
                && current.ReachedInMostSeeds == previous.ReachedInMostSeeds
                && (current.ReachedInMostSeeds
                    ? current.Metrics[metric.Name].Overlaps(previous.Metrics[metric.Name])
                    : current.ReachedTarget == previous.ReachedTarget && current.Metrics[auc.Name].Overlaps(previous.Metrics[auc.Name]));
            if (!tied)
            {
                tieGroup++;
            }

            ranked.Add(current with
            {
                Rank = i + 1,
                TiedWithPrevious = tied,
                TieGroup = tieGroup,
                OnParetoFront = front.Contains(current.ConfigKey),
                RankedBy = metric.Name,
            });
        }

        IEnumerable<ConfigRanking> result = ranked;
        if (options.ParetoOnly)
        {
            result = result.Where(c => c.OnParetoFront);
        }

        if (options.Top is { } top)
        {
            result = result.Take(top);
        }

        return [.. result];
    }

    /// <summary>
    /// Keys of the configurations that learned, reached the target in most seeds, and that no other such configuration
    /// beats on both mean steps to target and mean gradient log std (lower is better for both; no data counts as worst).
    /// </summary>
    public static IReadOnlySet<string> ParetoFront(IReadOnlyList<ConfigRanking> configs)
    {
        var candidates = configs
            .Where(c => c.Learned && c.ReachedInMostSeeds)
            .Select(c => (c.ConfigKey, Speed: Worst(c.StepsToTarget.Mean), Stability: Worst(c.Stability.Mean)))
            .ToList();
        var front = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            bool dominated = candidates.Any(o =>
                o.Speed <= c.Speed && o.Stability <= c.Stability && (o.Speed < c.Speed || o.Stability < c.Stability));
            if (!dominated)
            {
                front.Add(c.ConfigKey);
            }
        }

        return front;
    }

    private static double Worst(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;

    /// <summary>Ascending sort value: the mean, negated when higher is better; no data sorts last.</summary>
    private static double SortValue(MetricStats stats, MetricDefinition metric) =>
        stats.Count == 0 ? double.PositiveInfinity : metric.HigherIsBetter ? -stats.Mean : stats.Mean;
}

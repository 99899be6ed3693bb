namespace Sweep.Analysis;

/// <summary>
/// Orders configurations, learning first:
/// <list type="number">
/// <item>configurations that learned (majority diagnosis not failed, diverged, diverging, unstable, stalled or pruned)
///   before the ones the stopping rule pruned (majority diagnosis pruned: they lost their race), and those before every
///   one that did not learn;</item>
/// <item>among those that learned, the ones that reached the target in most seeds first, ordered by the ranking metric's
///   mean (its better direction; no data last);</item>
/// <item>then the ones that missed it in most seeds, by the fraction of seeds that reached it (more first), then by the
///   area under the log train loss (lower first): their steps to target is censored at the budget, so it cannot
///   order them, and long runs of ties at the budget would say nothing;</item>
/// <item>pruned configurations by successive-halving semantics: the ones that got further first (mean steps run, more
///   first), then among those stopped at the same step by their value there, the last rung they shared: for a
///   to-target metric, the fraction of seeds that reached the target, then the final train loss; for any other metric,
///   the metric itself. A pruned configuration's values come from a shorter run, so they cannot be compared with those
///   of configurations that ran their budget; and the rule stopped it because it was behind the ones it kept, so the top
///   of the ranking holds the configurations a run without stopping would put there (the rule permitting);</item>
/// <item>then stability (or speed, when ranking by stability), then the config key, so equal values always come
///   out in the same order.</item>
/// </list>
/// Neighbours in the same group whose intervals on the value that ordered them overlap are marked tied instead of
/// given a made-up order (pruned ones: stopped at the same mean step, with as many seeds reaching the target).
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
        // Among pruned configurations stopped at the same step, the value at that step orders them; a to-target metric
        // is censored there for all of them, so the train loss it is defined on orders them instead.
        var atStop = metric.ToTarget ? MetricCatalog.Find(MetricCatalog.FinalTrainLoss) : metric;
        var ordered = configs
            .OrderBy(Tier)
            .ThenBy(c => c.LostRace ? -c.MeanStepsRun : 0)
            .ThenBy(c => c.LostRace ? -c.ReachedFraction : c.ReachedInMostSeeds ? 0 : 1)
            .ThenBy(c => c.LostRace ? SortValue(c.Metrics[atStop.Name], atStop)
                : c.ReachedInMostSeeds ? SortValue(c.Metrics[metric.Name], metric) : -c.ReachedFraction)
            .ThenBy(c => c.LostRace || c.ReachedInMostSeeds ? 0 : SortValue(c.Metrics[auc.Name], auc))
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
                && Tier(current) == Tier(previous)
                && (current.LostRace
                    ? current.MeanStepsRun == previous.MeanStepsRun && current.ReachedTarget == previous.ReachedTarget
                        && current.Metrics[atStop.Name].Overlaps(previous.Metrics[atStop.Name])
                    : current.ReachedInMostSeeds == previous.ReachedInMostSeeds
                        && (current.ReachedInMostSeeds
                            ? current.Metrics[metric.Name].Overlaps(previous.Metrics[metric.Name])
                            : current.ReachedTarget == previous.ReachedTarget && current.Metrics[auc.Name].Overlaps(previous.Metrics[auc.Name])));
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

    /// <summary>0: learned; 1: pruned (lost its race); 2: did not learn.</summary>
    private static int Tier(ConfigRanking config) => config.Learned ? 0 : config.LostRace ? 1 : 2;

    private static double Worst(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;

    /// <summary>Ascending sort value: the mean, negated when higher is better; no data sorts last.</summary>
    private static double SortValue(MetricStats stats, MetricDefinition metric) =>
        stats.Count == 0 ? double.PositiveInfinity : metric.HigherIsBetter ? -stats.Mean : stats.Mean;
}

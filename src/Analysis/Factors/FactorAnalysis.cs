using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>
/// Main effects, variance shares and two-way interactions of the sweep's axes, over trial-level
/// values (failed trials and non-finite values left out). Sums of squares are the one-way and
/// two-way ANOVA ones, which are exact shares for a full grid and approximate for unbalanced data.
/// Pruned trials are left out too (counted in <see cref="FactorEffect.PrunedLeftOut"/>): a pruned
/// miss is censored at the step it stopped, often far below the budget where the misses of full runs
/// are counted, so averaging it in would make the levels the rule cut early look fastest; and any
/// other value of a pruned trial is from a shorter run. The effects are then those among the trials
/// that ran their budget, which under a stopping rule are the better ones.
/// </summary>
public static class FactorAnalysis
{
    public static IReadOnlyList<FactorEffect> Effects(IReadOnlyList<TrialMetrics> trials, IReadOnlyList<string> axes, string metricName, long bootstrapSeed)
    {
        var metric = MetricCatalog.Find(metricName);
        var rows = Rows(trials, metric);
        if (rows.Count == 0 || axes.Count == 0)
        {
            return [];
        }

        double total = TotalSumOfSquares(rows);
        var interactions = Interactions(trials, axes, metric.Name);
        var effects = new List<FactorEffect>();
        foreach (string axis in axes)
        {
            var field = ConfigSchema.Find(axis)!;
            var levels = rows
                .GroupBy(r => Label(field.Get(r.Config)), StringComparer.Ordinal)
                .Select(g => (Value: field.Get(g.First().Config), g.Key, Values: g.Select(r => r.Value).ToList()))
                .OrderBy(l => l.Value, LevelComparer.Instance)
                .Select(l => new LevelEffect(l.Value, l.Key, Statistics.Describe(l.Values, bootstrapSeed, $"{axis}|{l.Key}|{metric.Name}")))
                .ToList();
            var strongest = interactions
                .Where(i => i.FactorA == axis || i.FactorB == axis)
                .OrderByDescending(i => i.VarianceShare)
                .ThenBy(i => i.FactorA == axis ? i.FactorB : i.FactorA, StringComparer.Ordinal)
                .FirstOrDefault();
            var best = metric.HigherIsBetter ? levels.MaxBy(l => l.Stats.Mean)! : levels.MinBy(l => l.Stats.Mean)!;
            effects.Add(new FactorEffect
            {
                Factor = axis,
                Metric = metric.Name,
                Levels = levels,
                VarianceShare = Share(BetweenSumOfSquares(rows, r => Label(field.Get(r.Config))), total),
                Importance = 0,
                BestLevel = best.Label,
                StrongestInteractionWith = strongest is null ? null : strongest.FactorA == axis ? strongest.FactorB : strongest.FactorA,
                InteractionShare = strongest?.VarianceShare ?? 0,
                PrunedLeftOut = trials.Count(t => t.Pruned),
            });
        }

        return [.. effects
            .OrderByDescending(e => e.VarianceShare)
            .ThenBy(e => e.Factor, StringComparer.Ordinal)
            .Select((e, i) => e with { Importance = i + 1 })];
    }

    /// <summary>Every pair of axes, strongest interaction first.</summary>
    public static IReadOnlyList<FactorInteraction> Interactions(IReadOnlyList<TrialMetrics> trials, IReadOnlyList<string> axes, string metricName)
    {
        var metric = MetricCatalog.Find(metricName);
        var rows = Rows(trials, metric);
        double total = TotalSumOfSquares(rows);
        var result = new List<FactorInteraction>();
        for (int a = 0; a < axes.Count; a++)
        {
            for (int b = a + 1; b < axes.Count; b++)
            {
                result.Add(Interaction(rows, axes[a], axes[b], metric.Name, total));
            }
        }

        return [.. result.OrderByDescending(i => i.VarianceShare).ThenBy(i => i.FactorA, StringComparer.Ordinal).ThenBy(i => i.FactorB, StringComparer.Ordinal)];
    }

    /// <summary>The interaction of two named axes (for a heatmap of any pair).</summary>
    public static FactorInteraction Interaction(IReadOnlyList<TrialMetrics> trials, string factorA, string factorB, string metricName)
    {
        var metric = MetricCatalog.Find(metricName);
        var rows = Rows(trials, metric);
        return Interaction(rows, factorA, factorB, metric.Name, TotalSumOfSquares(rows));
    }

    private readonly record struct Row(TrialConfig Config, double Value);

    private static List<Row> Rows(IReadOnlyList<TrialMetrics> trials, MetricDefinition metric) =>
        [.. trials.Where(t => t.Status is not (TrialStatus.Failed or TrialStatus.Pruned)).Select(t => new Row(t.Config, metric.Value(t))).Where(r => double.IsFinite(r.Value))];

    private static FactorInteraction Interaction(List<Row> rows, string factorA, string factorB, string metric, double total)
    {
        var fieldA = ConfigSchema.Find(factorA) ?? throw new ArgumentException($"unknown factor '{factorA}'", nameof(factorA));
        var fieldB = ConfigSchema.Find(factorB) ?? throw new ArgumentException($"unknown factor '{factorB}'", nameof(factorB));
        double ssA = BetweenSumOfSquares(rows, r => Label(fieldA.Get(r.Config)));
        double ssB = BetweenSumOfSquares(rows, r => Label(fieldB.Get(r.Config)));
        double ssCells = BetweenSumOfSquares(rows, r => Label(fieldA.Get(r.Config)) + "\u0001" + Label(fieldB.Get(r.Config)));
        var levelsA = OrderedLevels(rows, fieldA);
        var levelsB = OrderedLevels(rows, fieldB);
        var cellMeans = rows
            .GroupBy(r => (A: Label(fieldA.Get(r.Config)), B: Label(fieldB.Get(r.Config))))
            .ToDictionary(g => g.Key, g => g.Average(r => r.Value));
        var cells = new double[levelsA.Count, levelsB.Count];
        for (int i = 0; i < levelsA.Count; i++)
        {
            for (int j = 0; j < levelsB.Count; j++)
            {
                cells[i, j] = cellMeans.GetValueOrDefault((levelsA[i], levelsB[j]), double.NaN);
            }
        }

        return new FactorInteraction
        {
            FactorA = factorA,
            FactorB = factorB,
            Metric = metric,
            VarianceShare = Share(Math.Max(0, ssCells - ssA - ssB), total),
            LevelsA = levelsA,
            LevelsB = levelsB,
            CellMeans = cells,
        };
    }

    private static List<string> OrderedLevels(List<Row> rows, ConfigField field) =>
        [.. rows.Select(r => field.Get(r.Config))
            .DistinctBy(Label)
            .Order(LevelComparer.Instance)
            .Select(Label)];

    public static string Label(object? value) => ConfigField.Format(value);

    private static double TotalSumOfSquares(List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        double mean = rows.Average(r => r.Value);
        return rows.Sum(r => (r.Value - mean) * (r.Value - mean));
    }

    private static double BetweenSumOfSquares(List<Row> rows, Func<Row, string> group)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        double mean = rows.Average(r => r.Value);
        return rows.GroupBy(group, StringComparer.Ordinal).Sum(g =>
        {
            double groupMean = g.Average(r => r.Value);
            return g.Count() * (groupMean - mean) * (groupMean - mean);
        });
    }

    private static double Share(double part, double total) => total > 0 ? Math.Clamp(part / total, 0, 1) : 0;
}

using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>
/// The answer of a sweep: per-trial metrics, configurations aggregated over seeds, rankings,
/// factor effects and diagnosis counts. Built from trials in memory (<see cref="FromTrials"/>)
/// or from a run folder (<see cref="Load"/>). Immutable once built; safe to share between threads.
/// </summary>
public sealed partial class SweepAnalysis
{
    private readonly Func<string, IReadOnlyList<LayerPoint>> _layersOf;

    private SweepAnalysis(string name, IReadOnlyList<TrialData> trials, AnalysisOptions options, Func<string, IReadOnlyList<LayerPoint>>? layersOf)
    {
        Name = name;
        Options = options;
        // Commit order depends on which worker finished first; seed then id is the same on every run.
        Trials = [.. trials.OrderBy(t => t.Config.Seed).ThenBy(t => t.TrialId, StringComparer.Ordinal)];
        TrialsById = Trials.ToDictionary(t => t.TrialId, StringComparer.Ordinal);
        Axes = ConfigAggregator.VaryingFields(Trials.Select(t => t.Config));
        TrialMetrics = TrialMetricsCalculator.Compute(Trials, options.TargetLoss);
        MetricsById = TrialMetrics.ToDictionary(t => t.TrialId, StringComparer.Ordinal);
        Configurations = ConfigAggregator.Aggregate(TrialMetrics, Axes, options.BootstrapSeed);
        DiagnosisCounts = Diagnoses.All.ToDictionary(d => d, d => TrialMetrics.Count(t => t.Diagnosis == d), StringComparer.Ordinal);
        FlagCounts = TrialFlags.All.ToDictionary(f => f, f => TrialMetrics.Count(t => t.Flags.Contains(f)), StringComparer.Ordinal);
        _layersOf = layersOf ?? (id => TrialsById.TryGetValue(id, out var trial) ? trial.Layers : []);
    }

    /// <summary>An analysis of trials already in memory. Trial ids must be unique.</summary>
    public static SweepAnalysis FromTrials(IEnumerable<TrialData> trials, AnalysisOptions? options = null, string name = "sweep")
    {
        ArgumentNullException.ThrowIfNull(trials);
        var list = trials.ToList();
        var duplicate = list.GroupBy(t => t.TrialId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"trial id '{duplicate.Key}' appears {duplicate.Count()} times", nameof(trials));
        }

        return new SweepAnalysis(name, list, options ?? new AnalysisOptions(), null);
    }

    /// <summary>Name of the sweep (the spec's name when loaded from a run folder).</summary>
    public string Name { get; }

    public AnalysisOptions Options { get; }

    /// <summary>Every trial, ordered by seed then trial id.</summary>
    public IReadOnlyList<TrialData> Trials { get; }

    public IReadOnlyDictionary<string, TrialData> TrialsById { get; }

    /// <summary>Fields other than the seed that vary across the trials: the axes of the sweep, in config field order.</summary>
    public IReadOnlyList<string> Axes { get; }

    /// <summary>Metrics of every trial, in trial order.</summary>
    public IReadOnlyList<TrialMetrics> TrialMetrics { get; }

    public IReadOnlyDictionary<string, TrialMetrics> MetricsById { get; }

    /// <summary>Every configuration aggregated over its seeds, unranked, ordered by key.</summary>
    public IReadOnlyList<ConfigRanking> Configurations { get; }

    /// <summary>Trials per diagnosis (every value of <see cref="Diagnoses.All"/>, zero included).</summary>
    public IReadOnlyDictionary<string, int> DiagnosisCounts { get; }

    /// <summary>Trials per flag (every value of <see cref="TrialFlags.All"/>).</summary>
    public IReadOnlyDictionary<string, int> FlagCounts { get; }

    /// <summary>Configurations in ranking order (see <see cref="Ranker"/>).</summary>
    public IReadOnlyList<ConfigRanking> Rank(RankingOptions? options = null) =>
        Ranker.Rank(Configurations, options ?? new RankingOptions(), Options.DefaultRankBy ?? MetricCatalog.Speed);

    /// <summary>Main effects of every axis on convergence speed, then on stability, most important first.</summary>
    public IReadOnlyList<FactorEffect> FactorEffects() => FactorEffects([MetricCatalog.Speed, MetricCatalog.Stability]);

    /// <summary>Main effects of every axis on each named metric.</summary>
    public IReadOnlyList<FactorEffect> FactorEffects(IEnumerable<string> metrics) =>
        [.. metrics.SelectMany(m => FactorAnalysis.Effects(TrialMetrics, Axes, m, Options.BootstrapSeed))];

    /// <summary>Two-way interactions of every pair of axes on a metric, strongest first.</summary>
    public IReadOnlyList<FactorInteraction> Interactions(string metric = MetricCatalog.Speed) =>
        FactorAnalysis.Interactions(TrialMetrics, Axes, metric);

    /// <summary>Per-layer statistics of one trial, ordered by step then layer; empty when none were recorded or loaded.</summary>
    public IReadOnlyList<LayerPoint> LayersOf(string trialId) => _layersOf(trialId);
}

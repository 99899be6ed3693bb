using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// The answer of a sweep: per-trial metrics, configurations aggregated over seeds, rankings,
/// factor effects and diagnosis counts. Built from trials in memory (<see cref="FromTrials"/>)
/// or from a run folder (<see cref="Load"/>). Immutable once built; safe to share between threads.
/// A sweep whose spec has <c>grids</c> is analysed grid by grid (<see cref="GridAnalyses"/>): each
/// grid has its own target loss, configurations ranked within the grid (keys start with
/// <c>grid=NAME</c>) and factor effects over its own axes, since factors that differ between grids
/// (other data, other depth) are confounded and a main effect across grids would mean nothing.
/// </summary>
public sealed partial class SweepAnalysis
{
    private readonly Func<TrialId, IReadOnlyList<LayerPoint>> _layersOf;

    private SweepAnalysis(
        string name, IReadOnlyList<TrialData> trials, AnalysisOptions options, Func<TrialId, IReadOnlyList<LayerPoint>>? layersOf, SweepSpec? spec = null)
    {
        Name = name;
        Options = options;
        Spec = spec;
        // Commit order depends on which worker finished first; seed then id is the same on every run.
        Trials = [.. trials.OrderBy(t => t.Config.Seed).ThenBy(t => t.TrialId)];
        TrialsById = Trials.ToDictionary(t => t.TrialId);
        Axes = ConfigAggregator.VaryingFields(Trials.Select(t => t.Config));
        GridAnalyses = spec is { Grids.Count: > 0 } ? SplitByGrid(spec, Trials, options, layersOf) : new Dictionary<string, SweepAnalysis>();
        Grids = [.. GridAnalyses.Keys];
        if (GridAnalyses.Count == 0)
        {
            TrialMetrics = TrialMetricsCalculator.Compute(Trials, options.TargetLoss);
            Configurations = ConfigAggregator.Aggregate(TrialMetrics, Axes, options.BootstrapSeed);
        }
        else
        {
            var byId = GridAnalyses.Values.SelectMany(g => g.TrialMetrics).ToDictionary(t => t.TrialId);
            TrialMetrics = [.. Trials.Select(t => byId[t.TrialId])];
            Configurations = [.. GridAnalyses.SelectMany(g => g.Value.Configurations.Select(c => InGrid(c, g.Key)))];
        }

        MetricsById = TrialMetrics.ToDictionary(t => t.TrialId);
        TargetNotes = GridAnalyses.Count == 0
            ? TargetNotesOf(TrialMetrics, Configurations)
            : [.. GridAnalyses.SelectMany(g => g.Value.TargetNotes.Select(note => $"grid {g.Key}: {note}"))];
        DiagnosisCounts = Diagnoses.All.ToDictionary(d => d, d => TrialMetrics.Count(t => t.Diagnosis == d), StringComparer.Ordinal);
        FlagCounts = TrialFlags.All.ToDictionary(f => f, f => TrialMetrics.Count(t => t.Flags.Contains(f)), StringComparer.Ordinal);
        _layersOf = layersOf ?? (id => TrialsById.TryGetValue(id, out var trial) ? trial.Layers : []);
    }

    /// <summary>An analysis of trials already in memory. Trial ids must be unique.</summary>
    public static SweepAnalysis FromTrials(IEnumerable<TrialData> trials, AnalysisOptions? options = null, string name = "sweep")
    {
        ArgumentNullException.ThrowIfNull(trials);
        var list = trials.ToList();
        var duplicate = list.GroupBy(t => t.TrialId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"trial id '{duplicate.Key}' appears {duplicate.Count()} times", nameof(trials));
        }

        return new SweepAnalysis(name, list, options ?? new AnalysisOptions(), null);
    }

    /// <summary>
    /// An analysis of trials of <paramref name="spec"/> already in memory, named after the spec;
    /// with grids, analysed grid by grid. Every trial must belong to the spec.
    /// </summary>
    public static SweepAnalysis FromTrials(IEnumerable<TrialData> trials, SweepSpec spec, AnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(spec);
        var list = trials.ToList();
        if (list.GroupBy(t => t.TrialId).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"trial id '{duplicate.Key}' appears {duplicate.Count()} times", nameof(trials));
        }

        return new SweepAnalysis(spec.Name, list, options ?? new AnalysisOptions(), null, spec);
    }

    /// <summary>Grid names in spec order; empty when the spec has no grids.</summary>
    public IReadOnlyList<string> Grids { get; }

    /// <summary>Per grid (spec order), the analysis of that grid's trials alone, named after the grid.</summary>
    public IReadOnlyDictionary<string, SweepAnalysis> GridAnalyses { get; }

    /// <summary>The spec the trials came from, when known (loaded from a run folder, or given to <see cref="FromTrials(IEnumerable{TrialData}, SweepSpec, AnalysisOptions?)"/>).</summary>
    public SweepSpec? Spec { get; }

    /// <summary>
    /// The spec's expectations (or <paramref name="expectations"/>, e.g. from an edited spec file) checked against the
    /// data: confirmed, refuted or inconclusive, each with its sentence and evidence. Empty without a spec.
    /// </summary>
    public IReadOnlyList<Verdict> Verdicts(IEnumerable<SpecExpectation>? expectations = null) =>
        ExpectationEvaluator.Evaluate(this, expectations ?? Spec?.Expectations ?? []);

    /// <summary>Name of the sweep (the spec's name when loaded from a run folder).</summary>
    public string Name { get; }

    public AnalysisOptions Options { get; }

    /// <summary>Every trial, ordered by seed then trial id.</summary>
    public IReadOnlyList<TrialData> Trials { get; }

    public IReadOnlyDictionary<TrialId, TrialData> TrialsById { get; }

    /// <summary>Fields other than the seed that vary across the trials: the axes of the sweep, in config field order.</summary>
    public IReadOnlyList<string> Axes { get; }

    /// <summary>Metrics of every trial, in trial order.</summary>
    public IReadOnlyList<TrialMetrics> TrialMetrics { get; }

    public IReadOnlyDictionary<TrialId, TrialMetrics> MetricsById { get; }

    /// <summary>Every configuration aggregated over its seeds, unranked, ordered by key.</summary>
    public IReadOnlyList<ConfigRanking> Configurations { get; }

    /// <summary>
    /// How the target was set for each dataset (options, spec or derived, with the numbers), and a warning with a
    /// suggested target wherever more than half of the configurations that learned miss it. Shown with every ranking.
    /// </summary>
    public IReadOnlyList<string> TargetNotes { get; }

    /// <summary>Trials per diagnosis (every value of <see cref="Diagnoses.All"/>, zero included).</summary>
    public IReadOnlyDictionary<string, int> DiagnosisCounts { get; }

    /// <summary>Trials per flag (every value of <see cref="TrialFlags.All"/>).</summary>
    public IReadOnlyDictionary<string, int> FlagCounts { get; }

    /// <summary>Configurations in ranking order (see <see cref="Ranker"/>).</summary>
    /// <summary>With grids: each grid ranked on its own (ranks restart at 1), grid after grid; Top and ParetoOnly apply per grid.</summary>
    public IReadOnlyList<ConfigRanking> Rank(RankingOptions? options = null) =>
        GridAnalyses.Count == 0
            ? Ranker.Rank(Configurations, options ?? new RankingOptions(), Options.DefaultRankBy ?? MetricCatalog.Speed)
            : [.. GridAnalyses.SelectMany(g => g.Value.Rank(options).Select(c => InGrid(c, g.Key)))];

    /// <summary>Main effects of every axis on convergence speed, then on stability, most important first.</summary>
    public IReadOnlyList<FactorEffect> FactorEffects() => FactorEffects([MetricCatalog.Speed, MetricCatalog.Stability]);

    /// <summary>Main effects of every axis on each named metric; with grids, of each grid's axes within the grid (<see cref="FactorEffect.Grid"/>).</summary>
    public IReadOnlyList<FactorEffect> FactorEffects(IEnumerable<string> metrics) =>
        GridAnalyses.Count == 0
            ? [.. metrics.SelectMany(m => FactorAnalysis.Effects(TrialMetrics, Axes, m, Options.BootstrapSeed))]
            : [.. GridAnalyses.SelectMany(g => g.Value.FactorEffects(metrics).Select(e => e with { Grid = g.Key }))];

    /// <summary>Two-way interactions of every pair of axes on a metric, strongest first; with grids, within each grid.</summary>
    public IReadOnlyList<FactorInteraction> Interactions(string metric = MetricCatalog.Speed) =>
        GridAnalyses.Count == 0
            ? FactorAnalysis.Interactions(TrialMetrics, Axes, metric)
            : [.. GridAnalyses.SelectMany(g => g.Value.Interactions(metric).Select(i => i with { Grid = g.Key })).OrderByDescending(i => i.VarianceShare)];

    /// <summary>Per-layer statistics of one trial, ordered by step then layer; empty when none were recorded or loaded.</summary>
    public IReadOnlyList<LayerPoint> LayersOf(TrialId trialId) => _layersOf(trialId);

    private static List<string> TargetNotesOf(IReadOnlyList<TrialMetrics> trials, IReadOnlyList<ConfigRanking> configs)
    {
        var notes = trials.Select(t => t.TargetExplanation).Distinct(StringComparer.Ordinal).ToList();
        var learned = configs.Where(c => c.Learned).ToList();
        int missing = learned.Count(c => !c.ReachedInMostSeeds);
        if (learned.Count > 0 && missing > AnalysisThresholds.TargetMissWarningFraction * learned.Count)
        {
            // Half of the configurations that learned end at or below the median of their robust final losses.
            var finals = learned
                .Select(c => Statistics.Median([.. trials.Where(t => c.TrialIds.Contains(t.TrialId)).Select(t => t.FinalTrainLossMedian).Where(double.IsFinite).Order()]))
                .Where(double.IsFinite)
                .Order()
                .ToArray();
            string suggestion = finals.Length > 0
                ? FormattableString.Invariant($"; a target_loss of {Statistics.Median(finals):G3} would be reached by about half of them")
                : "";
            notes.Add($"WARNING: {missing} of {learned.Count} configurations that learned miss the target in most seeds, so steps to target cannot rank them{suggestion}");
        }

        return notes;
    }

    private static ConfigRanking InGrid(ConfigRanking config, string grid) =>
        config with { Grid = grid, ConfigKey = $"grid={grid}, {config.ConfigKey}" };

    private static Dictionary<string, SweepAnalysis> SplitByGrid(
        SweepSpec spec, IReadOnlyList<TrialData> trials, AnalysisOptions options, Func<TrialId, IReadOnlyList<LayerPoint>>? layersOf)
    {
        var byGrid = spec.Grids.ToDictionary(g => g.Name, _ => new List<TrialData>(), StringComparer.Ordinal);
        foreach (var trial in trials)
        {
            string grid = spec.GridOf(trial.Config)
                ?? throw new ArgumentException($"trial '{trial.TrialId}' belongs to no grid of sweep '{spec.Name}'", nameof(trials));
            byGrid[grid].Add(trial);
        }

        // Insertion order is grid order; grids without trials yet (a sweep still running) are left out.
        var analyses = new Dictionary<string, SweepAnalysis>(StringComparer.Ordinal);
        foreach (var grid in spec.Grids.Where(g => byGrid[g.Name].Count > 0))
        {
            analyses[grid.Name] = new SweepAnalysis(grid.Name, byGrid[grid.Name], options, layersOf);
        }

        return analyses;
    }
}

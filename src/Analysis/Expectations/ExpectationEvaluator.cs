using System.Globalization;
using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// Evaluates a spec's <see cref="SweepSpec.Expectations"/> against an analysis. Seeds are the unit of evidence:
/// <list type="bullet">
/// <item>a flag, diagnosis or reached-target expectation holds for a configuration when the bootstrap interval of the
///   fraction of its seeds that show it lies above one half (for <c>on</c>) or below one half (for <c>not_on</c>); it is
///   violated when the interval lies wholly on the other side;</item>
/// <item>a metric expectation compares each <c>better</c> configuration with each <c>than</c> one by the bootstrap
///   interval of the difference of their means (better side scaled by <c>factor</c>); a comparison holds when the interval
///   excludes zero in the expected direction and is violated when it excludes zero in the other. Censored values (steps
///   to target of a seed that never reached it count as the budget) only understate how much slower the censored side is.</item>
/// </list>
/// Confirmed when everything it needs holds (with <c>require: any</c>, when one better configuration beats every other),
/// refuted when something is violated, inconclusive otherwise.
/// </summary>
public static class ExpectationEvaluator
{
    public static IReadOnlyList<Verdict> Evaluate(SweepAnalysis analysis, IEnumerable<SpecExpectation> expectations)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(expectations);
        return [.. expectations.Select(e => Evaluate(analysis, e))];
    }

    public static Verdict Evaluate(SweepAnalysis analysis, SpecExpectation expectation)
    {
        var scope = expectation.Grid is { } grid ? analysis.GridAnalyses.GetValueOrDefault(grid) : analysis;
        if (scope is null)
        {
            return Inconclusive(expectation, $"grid '{expectation.Grid}' has no finished trials yet");
        }

        var on = Matching(scope, expectation.On);
        var notOn = expectation.NotOn is { } other ? Matching(scope, other).Where(c => !on.Contains(c)).ToList() : [];
        if (on.Count == 0)
        {
            return Inconclusive(expectation, $"no configuration of {Where(scope, expectation)} matches {expectation.On}");
        }

        if (expectation.NotOn is not null && notOn.Count == 0)
        {
            return Inconclusive(expectation, $"no configuration of {Where(scope, expectation)} matches {expectation.NotOn}");
        }

        return expectation.Kind == ExpectationKind.Better
            ? Better(scope, expectation, on, notOn)
            : Property(scope, expectation, on, notOn);
    }

    private static Verdict Property(SweepAnalysis scope, SpecExpectation e, List<ConfigRanking> on, List<ConfigRanking> notOn)
    {
        string what;
        Func<TrialMetrics, bool> shows;
        Func<ConfigRanking, string> value;
        switch (e.Kind)
        {
            case ExpectationKind.Flag:
                if (!TrialFlags.All.Contains(e.Flag!))
                {
                    return Inconclusive(e, $"'{e.Flag}' is not a flag ({string.Join(", ", TrialFlags.All)}); fix {e.Path}.flag");
                }

                what = e.Flag!;
                shows = t => t.Flags.Contains(e.Flag!);
                value = c => FlagValue(scope, c, e.Flag!);
                break;
            case ExpectationKind.Diagnosis:
                if (e.Diagnoses.FirstOrDefault(d => !Diagnoses.All.Contains(d)) is { } unknown)
                {
                    return Inconclusive(e, $"'{unknown}' is not a diagnosis ({string.Join(", ", Diagnoses.All)}); fix {e.Path}.diagnosis");
                }

                what = $"diagnosis {string.Join(" or ", e.Diagnoses)}";
                shows = t => e.Diagnoses.Contains(t.Diagnosis);
                value = c => $"diagnoses {string.Join(", ", c.SeedDiagnoses)}";
                break;
            default:
                what = "the target reached and held";
                shows = t => t.ReachedTarget;
                value = c => $"steps to target {c.StepsToTargetText}, target {MetricStats.Format(c.TargetLoss)}";
                break;
        }

        var parts = new List<string>();
        var outcomes = new List<VerdictOutcome>();
        foreach (var (configs, expected) in new[] { (on, true), (notOn, false) })
        {
            foreach (var config in configs)
            {
                var seeds = config.TrialIds.Select(id => scope.MetricsById[id]).ToList();
                int count = seeds.Count(shows);
                var fraction = Statistics.Describe(seeds.Select(t => shows(t) ? 1.0 : 0.0), scope.Options.BootstrapSeed, $"{e.Path}|{config.ConfigKey}");
                var outcome = expected
                    ? fraction.CiLow > 0.5 ? VerdictOutcome.Confirmed : fraction.CiHigh < 0.5 ? VerdictOutcome.Refuted : VerdictOutcome.Inconclusive
                    : fraction.CiHigh < 0.5 ? VerdictOutcome.Confirmed : fraction.CiLow > 0.5 ? VerdictOutcome.Refuted : VerdictOutcome.Inconclusive;
                outcomes.Add(outcome);
                parts.Add(Invariant($"{Settings(scope, config, e)}: {what} in {count}/{seeds.Count} seeds ({value(config)})"));
            }
        }

        var overall = Combine(outcomes);
        string statement = $"{Capitalized(Where(scope, e))}, expected {what} on {e.On}"
            + (e.NotOn is not null ? $" and not on {e.NotOn}" : "") + $": {string.Join("; ", parts)}. {Word(overall)}.";
        return new Verdict(e, overall, statement, [.. on.Concat(notOn).Select(Describe)]);
    }

    private static Verdict Better(SweepAnalysis scope, SpecExpectation e, List<ConfigRanking> better, List<ConfigRanking> than)
    {
        MetricDefinition metric;
        try
        {
            metric = MetricCatalog.Find(e.Metric!);
        }
        catch (ArgumentException error)
        {
            return Inconclusive(e, $"{e.Path}.metric: {error.Message}");
        }

        var parts = new List<string>();
        var perBetter = new List<VerdictOutcome>();
        foreach (var candidate in better)
        {
            var pairs = new List<VerdictOutcome>();
            foreach (var baseline in than)
            {
                // Positive difference = the candidate is better by the factor (lower-is-better: baseline - factor x candidate).
                var candidateValues = Values(scope, candidate, metric).Select(v => metric.HigherIsBetter ? v : e.Factor * v);
                var baselineValues = Values(scope, baseline, metric).Select(v => metric.HigherIsBetter ? v * e.Factor : v);
                var (difference, low, high) = metric.HigherIsBetter
                    ? Statistics.DifferenceInterval(candidateValues, baselineValues, scope.Options.BootstrapSeed, $"{e.Path}|{candidate.ConfigKey}|{baseline.ConfigKey}")
                    : Statistics.DifferenceInterval(baselineValues, candidateValues, scope.Options.BootstrapSeed, $"{e.Path}|{candidate.ConfigKey}|{baseline.ConfigKey}");
                var outcome = double.IsNaN(low) ? VerdictOutcome.Inconclusive
                    : low > 0 ? VerdictOutcome.Confirmed : high < 0 ? VerdictOutcome.Refuted : VerdictOutcome.Inconclusive;
                pairs.Add(outcome);
                string margin = e.Factor > 1 ? Invariant($" ({e.Factor:G3}x margin)") : "";
                parts.Add(Invariant(
                    $"{Settings(scope, candidate, e)} {MetricText(candidate, metric)} against {Settings(scope, baseline, e)} {MetricText(baseline, metric)}: difference{margin} {MetricStats.Format(difference)} [{MetricStats.Format(low)}, {MetricStats.Format(high)}] ({Word(outcome).ToLowerInvariant()})"));
            }

            perBetter.Add(Combine(pairs));
        }

        var overall = e.RequireAll
            ? Combine(perBetter)
            : perBetter.Contains(VerdictOutcome.Confirmed) ? VerdictOutcome.Confirmed
            : perBetter.All(o => o == VerdictOutcome.Refuted) ? VerdictOutcome.Refuted
            : VerdictOutcome.Inconclusive;
        string factor = e.Factor > 1 ? Invariant($" by {e.Factor:G3}x or more") : "";
        string statement = $"{Capitalized(Where(scope, e))}, expected {(e.RequireAll || better.Count == 1 ? "" : "some of ")}{e.On} to beat {e.NotOn} on {metric.Name}{factor}"
            + $" ({(metric.HigherIsBetter ? "higher" : "lower")} is better): {string.Join("; ", parts)}. {Word(overall)}.";
        return new Verdict(e, overall, statement, [.. better.Concat(than).Select(Describe)]);
    }

    /// <summary>Everything confirmed: confirmed; anything refuted: refuted; else inconclusive.</summary>
    private static VerdictOutcome Combine(IReadOnlyCollection<VerdictOutcome> outcomes) =>
        outcomes.Contains(VerdictOutcome.Refuted) ? VerdictOutcome.Refuted
        : outcomes.Count > 0 && outcomes.All(o => o == VerdictOutcome.Confirmed) ? VerdictOutcome.Confirmed
        : VerdictOutcome.Inconclusive;

    private static List<ConfigRanking> Matching(SweepAnalysis scope, ConfigMatch match) =>
        [.. scope.Configurations.Where(c => match.Matches(scope.TrialsById[c.TrialIds[0]].Config))];

    private static IEnumerable<double> Values(SweepAnalysis scope, ConfigRanking config, MetricDefinition metric) =>
        config.TrialIds.Select(id => metric.Value(scope.MetricsById[id]));

    private static string MetricText(ConfigRanking config, MetricDefinition metric) =>
        metric.Name == MetricCatalog.StepsToTarget ? config.StepsToTargetText : config.Metrics[metric.Name].ToString();

    private static string FlagValue(SweepAnalysis scope, ConfigRanking config, string flag)
    {
        var values = config.TrialIds.Select(id => scope.MetricsById[id].FlagEvidence.ValueOf(flag)).Where(double.IsFinite).Order().ToArray();
        string name = flag switch
        {
            TrialFlags.VanishingGradients => "first/last gradient ratio",
            TrialFlags.ExplodingGradients => "gradient growth",
            TrialFlags.DeadRelus => "dead fraction",
            TrialFlags.SaturatedUnits => "saturated fraction",
            TrialFlags.SymmetricUnits => "duplicate-unit fraction",
            _ => "value",
        };
        return values.Length == 0 ? $"{name} not measured" : $"median {name} {MetricStats.Format(Statistics.Median(values))}";
    }

    /// <summary>"grid claim-1-vanishing (depth=12, optimizer=momentum, ...)": where the comparison ran, with the settings every configuration of it shares.</summary>
    private static string Where(SweepAnalysis scope, SpecExpectation e)
    {
        var shared = SharedSettings(scope);
        string settings = shared.Count > 0 ? $" ({string.Join(", ", shared)})" : "";
        return e.Grid is { } grid ? $"in grid {grid}{settings}" : $"in sweep {scope.Name}{settings}";
    }

    /// <summary>Settings other than the seed that take one value across the scope and differ from the defaults (at most ten).</summary>
    private static List<string> SharedSettings(SweepAnalysis scope)
    {
        var configs = scope.Trials.Select(t => t.Config).ToList();
        return [.. ConfigSchema.Fields
            .Where(f => f.Name != "seed")
            .Select(f => (f, Values: configs.Select(c => ConfigField.Format(f.Get(c))).Distinct(StringComparer.Ordinal).ToList()))
            .Where(x => x.Values.Count == 1 && x.Values[0] != ConfigField.Format(x.f.Default))
            .Take(10)
            .Select(x => $"{x.f.Name}={x.Values[0]}")];
    }

    /// <summary>The configuration by the fields the expectation names (its axes otherwise).</summary>
    private static string Settings(SweepAnalysis scope, ConfigRanking config, SpecExpectation e)
    {
        var names = e.On.Fields.Keys.Concat(e.NotOn?.Fields.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return config.ConfigKey;
        }

        var trial = scope.TrialsById[config.TrialIds[0]].Config;
        return string.Join(", ", names.Select(n => $"{n}={ConfigField.Format(ConfigSchema.Find(n)!.Get(trial))}"));
    }

    private static string Describe(ConfigRanking config) =>
        $"{config.ConfigKey}: steps to target {config.StepsToTargetText}, reached {config.ReachedTarget}/{config.Seeds}, "
        + $"diagnosis {config.Diagnosis} ({string.Join(", ", config.SeedDiagnoses)})"
        + (config.Flags.Length > 0 ? $", flags {string.Join(", ", config.Flags)}" : "");

    private static Verdict Inconclusive(SpecExpectation e, string why) =>
        new(e, VerdictOutcome.Inconclusive, $"Cannot be checked: {why}.", []);

    private static string Word(VerdictOutcome outcome) => outcome.ToString();

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using Sweep.Engine.Config;

namespace Sweep.Specs;

/// <summary>What an expectation asserts about the configurations it names.</summary>
public enum ExpectationKind
{
    /// <summary>The <c>better</c> configurations beat the <c>than</c> ones on a metric (by <see cref="SpecExpectation.Factor"/> or more).</summary>
    Better,
    /// <summary>A flag is raised on the <c>on</c> configurations and not on the <c>not_on</c> ones.</summary>
    Flag,
    /// <summary>One of some diagnoses is given to the <c>on</c> configurations and not to the <c>not_on</c> ones.</summary>
    Diagnosis,
    /// <summary>The <c>on</c> configurations reach the target and the <c>not_on</c> ones do not.</summary>
    ReachesTarget,
}

/// <summary>
/// Which configurations a side of an expectation names: every listed config field must take one of its listed values
/// (values as canonical text, e.g. "0.01", "true"). An empty match names every configuration of the grid.
/// </summary>
public sealed record ConfigMatch(IReadOnlyDictionary<string, IReadOnlyList<string>> Fields)
{
    public static readonly ConfigMatch Everything = new(new Dictionary<string, IReadOnlyList<string>>());

    public bool Matches(TrialConfig config) =>
        Fields.All(f => f.Value.Contains(ConfigField.Format(ConfigSchema.Find(f.Key)!.Get(config)), StringComparer.Ordinal));

    /// <summary>"activation=sigmoid, init=gaussian", or "every configuration".</summary>
    public override string ToString() => Fields.Count == 0
        ? "every configuration"
        : string.Join(", ", Fields.Select(f => $"{f.Key}={string.Join("|", f.Value)}"));
}

/// <summary>
/// A hypothesis a spec states about its own results (<c>expectations</c>), evaluated from the data with bootstrap
/// intervals over seeds into confirmed, refuted or inconclusive. Not part of the sweep's identity: editing an
/// expectation never invalidates finished trials.
/// </summary>
/// <param name="Name">How the verdict is titled.</param>
/// <param name="Path">Where it stands in the spec (<c>expectations[2]</c>), for messages.</param>
/// <param name="Grid">The grid whose configurations it compares; null for a spec without grids.</param>
/// <param name="Metric">For <see cref="ExpectationKind.Better"/>: the metric (snake_case) compared.</param>
/// <param name="Flag">For <see cref="ExpectationKind.Flag"/>: the flag.</param>
/// <param name="Diagnoses">For <see cref="ExpectationKind.Diagnosis"/>: any of these diagnoses counts.</param>
/// <param name="On">The configurations expected to show it (the <c>better</c> ones).</param>
/// <param name="NotOn">The configurations expected not to (the <c>than</c> ones); null when nothing is said of others.</param>
/// <param name="RequireAll">Better: every better configuration must beat every other one (true), or at least one must (false).</param>
/// <param name="Factor">Better: the better metric must be at least this many times better (1 = any margin).</param>
public sealed record SpecExpectation(
    string Name, string Path, ExpectationKind Kind, string? Grid, string? Metric, string? Flag, IReadOnlyList<string> Diagnoses,
    ConfigMatch On, ConfigMatch? NotOn, bool RequireAll, double Factor);

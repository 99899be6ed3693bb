using Sweep.Analysis;

namespace Sweep.PsModule.Views;

/// <summary>
/// One configuration's place in a ranking (type name Sweep.Ranking). <see cref="Metric"/> holds the
/// ranking metric over seeds (mean and 95 % interval); <see cref="Details"/> the full analysis record.
/// </summary>
public sealed class RankingView
{
    public const string TypeName = "Sweep.Ranking";

    public required string Path { get; init; }
    public required int Rank { get; init; }
    /// <summary>The interval overlaps the previous configuration's: the data cannot order them.</summary>
    public required bool TiedWithPrevious { get; init; }
    public required string ConfigKey { get; init; }
    public required IReadOnlyDictionary<string, object?> Config { get; init; }
    public required int Seeds { get; init; }
    public required int Diverged { get; init; }
    public required int Failed { get; init; }
    /// <summary>Seeds the stopping rule stopped early: censored at the step they stopped, never counted as failed.</summary>
    public required int Pruned { get; init; }
    /// <summary>"rule: reason" of the pruned seeds ("; " between distinct ones); null when none was pruned.</summary>
    public string? StoppedBy { get; init; }
    public required int ReachedTarget { get; init; }
    public required string RankedBy { get; init; }
    public required MetricStats Metric { get; init; }
    /// <summary>The ranking metric as the table shows it: steps to target censored at the budget read "&gt; 600" or "412+ (2/3 reached)", and at the step a pruned seed stopped "&gt; 150 (3/3 pruned)".</summary>
    public required string MetricText { get; init; }
    /// <summary>The train loss counted as reached (NaN when none could be set).</summary>
    public required double TargetLoss { get; init; }
    /// <summary>How the target was set: given, from the spec, or derived (with its numbers).</summary>
    public required string Target { get; init; }
    /// <summary>The majority diagnosis is one of a configuration that learned; pruned configurations follow them, the others rank last.</summary>
    public required bool Learned { get; init; }
    public required MetricStats StepsToTarget { get; init; }
    public required MetricStats Stability { get; init; }
    public required string Diagnosis { get; init; }
    /// <summary>Why each seed got its diagnosis ("seed 2: unstable: ...; blew up at point 12 ..."): the numbers the rule read, to check against the curve.</summary>
    public required string[] Why { get; init; }
    public required string[] Flags { get; init; }
    public required bool OnParetoFront { get; init; }
    public required IReadOnlyList<string> TrialIds { get; init; }
    /// <summary>The analysis's whole record; hidden so that Format-List * and Export-Csv show the flat properties only.</summary>
    [System.Management.Automation.Hidden]
    public required ConfigRanking Details { get; init; }

    public override string ToString() => $"{Rank}. {ConfigKey}";

    internal static RankingView From(ConfigRanking ranking, string path) => new()
    {
        Path = path,
        Rank = ranking.Rank,
        TiedWithPrevious = ranking.TiedWithPrevious,
        ConfigKey = ranking.ConfigKey,
        Config = ranking.Config,
        Seeds = ranking.Seeds,
        Diverged = ranking.Diverged,
        Failed = ranking.Failed,
        Pruned = ranking.Pruned,
        StoppedBy = ranking.StopDescriptions.Count > 0 ? string.Join("; ", ranking.StopDescriptions) : null,
        ReachedTarget = ranking.ReachedTarget,
        RankedBy = ranking.RankedBy,
        Metric = ranking.RankMetric,
        MetricText = ranking.RankedBy == MetricCatalog.StepsToTarget ? ranking.StepsToTargetText : ranking.RankMetric.ToString(),
        TargetLoss = ranking.TargetLoss,
        Target = ranking.TargetExplanation,
        Learned = ranking.Learned,
        StepsToTarget = ranking.StepsToTarget,
        Stability = ranking.Stability,
        Diagnosis = ranking.Diagnosis,
        Why = [.. ranking.SeedEvidence],
        Flags = ranking.Flags,
        OnParetoFront = ranking.OnParetoFront,
        TrialIds = [.. ranking.TrialIds.Select(id => id.ToString())],
        Details = ranking,
    };
}

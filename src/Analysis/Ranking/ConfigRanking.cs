using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// One configuration (a trial config minus its seed) aggregated over its seeds, and its place in a
/// ranking. Statistics are over seeds: mean, standard deviation and a 95 % bootstrap interval.
/// </summary>
public sealed record ConfigRanking
{
    /// <summary>1-based position; unique and deterministic even where the data cannot separate neighbours (see <see cref="TiedWithPrevious"/>).</summary>
    public int Rank { get; init; }

    /// <summary>True when this configuration's interval on the ranking metric overlaps the previous one's: not distinguishable.</summary>
    public bool TiedWithPrevious { get; init; }

    /// <summary>1-based group of configurations the data cannot order; a new group starts wherever <see cref="TiedWithPrevious"/> is false.</summary>
    public int TieGroup { get; init; }

    /// <summary>
    /// Reached the target in most seeds and is not dominated in (steps to target, gradient log std) by another such
    /// configuration that learned.
    /// </summary>
    public bool OnParetoFront { get; init; }

    /// <summary>The spec grid this configuration belongs to; null when the spec has no grids.</summary>
    public string? Grid { get; init; }

    /// <summary>"optimizer=adam, lr=0.01": the varying axis values, in config field order ("grid=NAME, ..." first when the spec has grids; axes then vary within the grid).</summary>
    public required string ConfigKey { get; init; }

    /// <summary>Values of the axes that vary in the sweep, by snake_case field name.</summary>
    public required IReadOnlyDictionary<string, object?> Config { get; init; }

    public required int Seeds { get; init; }
    public required int Diverged { get; init; }
    public required int Failed { get; init; }
    /// <summary>Seeds whose train loss reached the target and held it to the end.</summary>
    public required int ReachedTarget { get; init; }

    /// <summary>The target those seeds were measured against (NaN when none could be set).</summary>
    public required double TargetLoss { get; init; }

    /// <summary>How the target was set (options, spec, or derived with its numbers), in one sentence.</summary>
    public required string TargetExplanation { get; init; }

    /// <summary>Optimizer steps each seed was given (the censoring point of steps to target of a seed that ran its budget).</summary>
    public required double BudgetSteps { get; init; }

    /// <summary>Seeds stopped early by the sweep's stopping rule (status pruned): censored at the step they stopped.</summary>
    public int Pruned { get; init; }

    /// <summary>Mean optimizer steps its seeds ran (failed ones left out): how far a pruned configuration got.</summary>
    public double MeanStepsRun { get; init; } = double.NaN;

    /// <summary>The distinct "rule: reason" texts of its pruned seeds; empty when none was pruned.</summary>
    public IReadOnlyList<string> StopDescriptions { get; init; } = [];

    /// <summary>
    /// The majority diagnosis is <see cref="Diagnoses.Pruned"/>: the stopping rule judged it could not win, so it ranks
    /// below every configuration that ran its budget and learned, and above those that did not learn (see <see cref="Ranker"/>).
    /// </summary>
    public bool LostRace => Diagnosis == Diagnoses.Pruned;

    /// <summary>Fraction of seeds that reached the target.</summary>
    public double ReachedFraction => Seeds == 0 ? 0 : (double)ReachedTarget / Seeds;

    /// <summary>More than half the seeds reached the target: their speed is measured, not censored.</summary>
    public bool ReachedInMostSeeds => 2 * ReachedTarget > Seeds;

    /// <summary>Some seed missed the target, so its steps to target is only known to exceed the budget (or the step it was pruned at).</summary>
    public bool Censored => ReachedTarget < Seeds;

    /// <summary>The majority diagnosis is one of a configuration that learned (not failed, diverged, diverging, unstable or stalled).</summary>
    public bool Learned => Diagnoses.Learned(Diagnosis);

    /// <summary>
    /// Steps to target as a reader should see it: the mean with its interval when every seed reached the target,
    /// "&gt; budget" when none did, and "mean+ (reached/seeds reached)" otherwise: the mean counts each miss at its
    /// censoring point (the budget, or the step a pruned seed stopped at), so the true mean is higher. With pruned
    /// seeds, "(pruned/seeds pruned)" follows: "&gt; 150 (3/3 pruned)" is a configuration stopped at step 150.
    /// </summary>
    public string StepsToTargetText
    {
        get
        {
            string pruned = Pruned == 0 ? "" : FormattableString.Invariant($"{Pruned}/{Seeds} pruned");
            if (ReachedTarget == 0)
            {
                double censoredAt = StepsToTarget.Count > 0 ? StepsToTarget.Mean : BudgetSteps;
                return FormattableString.Invariant($"> {censoredAt:0}") + (pruned.Length > 0 ? $" ({pruned})" : "");
            }

            return !Censored
                ? FormattableString.Invariant($"{StepsToTarget.Mean:0} [{StepsToTarget.CiLow:0}, {StepsToTarget.CiHigh:0}]")
                : FormattableString.Invariant($"{StepsToTarget.Mean:0}+ ({ReachedTarget}/{Seeds} reached") + (pruned.Length > 0 ? $", {pruned})" : ")");
        }
    }

    /// <summary>Metric the ranking sorted by (snake_case name).</summary>
    public string RankedBy { get; init; } = MetricCatalog.Speed;

    public MetricStats StepsToTarget => Metrics[MetricCatalog.StepsToTarget];
    public MetricStats ExamplesToTarget => Metrics[MetricCatalog.ExamplesToTarget];
    public MetricStats SecondsToTarget => Metrics[MetricCatalog.SecondsToTarget];
    public MetricStats Auc => Metrics[MetricCatalog.AucLogLoss];
    /// <summary>Standard deviation of the log gradient norm after warm-up (lower is steadier).</summary>
    public MetricStats Stability => Metrics[MetricCatalog.Stability];

    /// <summary>Every metric of <see cref="MetricCatalog.All"/> by name (each computed on first read).</summary>
    public required IReadOnlyDictionary<string, MetricStats> Metrics { get; init; }

    /// <summary>Most frequent diagnosis over seeds (the more severe one on a tie).</summary>
    public required string Diagnosis { get; init; }

    /// <summary>Flags carried by at least half of the seeds, in <see cref="TrialFlags.All"/> order.</summary>
    public required string[] Flags { get; init; }

    /// <summary>Diagnosis of each seed, in trial order.</summary>
    public required IReadOnlyList<string> SeedDiagnoses { get; init; }

    /// <summary>
    /// Why each seed got its diagnosis, in trial order: "seed 2: unstable: train 1.1 -> 0.3 (...); blew up at point 12 to
    /// 5.1x the level it had reached, ..." -- the numbers the rule read, to check against the curve.
    /// </summary>
    public IReadOnlyList<string> SeedEvidence { get; init; } = [];

    public required IReadOnlyList<TrialId> TrialIds { get; init; }

    /// <summary>Fraction of seeds that diverged or failed.</summary>
    public double UnusableFraction => Seeds == 0 ? 1 : (double)(Diverged + Failed) / Seeds;

    /// <summary>Statistics of the metric the ranking sorted by.</summary>
    public MetricStats RankMetric => Metrics[RankedBy];
}

using System.Globalization;
using Sweep.Engine.Config;

namespace Sweep.Analysis;

/// <summary>
/// The practitioners' rules of thumb that experiments/seed-claims.json puts to the test: one sweep
/// named <c>seed-claims</c> with one grid per claim (named <c>claim-N-...</c>), each claim checked
/// against its grid's ranking, flags and diagnoses. A sweep or grid named <c>seed-claims-N-...</c>
/// or <c>claim-N-...</c> on its own is checked as claim N. Every verdict is computed from the
/// data; the sentence says what the data showed.
/// </summary>
public static class SeedClaims
{
    /// <summary>Prefix of a sweep that checks one claim on its own.</summary>
    public const string NamePrefix = "seed-claims-";

    /// <summary>Name of the sweep that checks every claim, one grid each.</summary>
    public const string SweepName = "seed-claims";

    /// <summary>Prefix of the grid of the seed-claims sweep that checks a claim.</summary>
    public const string GridPrefix = "claim-";

    public const int ClaimCount = 8;

    /// <summary>The claim number of a seed-claims sweep or grid name ("seed-claims-3-normalization" and "claim-3-normalization" are 3), or null.</summary>
    public static int? ClaimNumber(string sweepName)
    {
        ArgumentNullException.ThrowIfNull(sweepName);
        string? prefix = sweepName.StartsWith(NamePrefix, StringComparison.Ordinal) ? NamePrefix
            : sweepName.StartsWith(GridPrefix, StringComparison.Ordinal) ? GridPrefix
            : null;
        if (prefix is null)
        {
            return null;
        }

        string rest = sweepName[prefix.Length..];
        int dash = rest.IndexOf('-', StringComparison.Ordinal);
        return int.TryParse(dash < 0 ? rest : rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 8 ? n : null;
    }

    /// <summary>
    /// Every finding of <paramref name="analysis"/>: for the seed-claims sweep, claims 1 to 8 in
    /// order, each from its <c>claim-N-*</c> grid (a claim whose grid is missing or has no trials yet
    /// says it cannot be checked); for a one-claim sweep or grid, its finding; otherwise none.
    /// </summary>
    public static IReadOnlyList<Finding> EvaluateAll(SweepAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Name != SweepName || analysis.Grids.Count == 0)
        {
            return Evaluate(analysis) is { } single ? [single] : [];
        }

        var findings = new List<Finding>();
        for (int claim = 1; claim <= ClaimCount; claim++)
        {
            string? grid = analysis.Grids.FirstOrDefault(g => g.StartsWith(GridPrefix, StringComparison.Ordinal) && ClaimNumber(g) == claim);
            findings.Add(grid is not null && Evaluate(analysis.GridAnalyses[grid]) is { } finding
                ? finding
                : new Finding($"{claim}. (cannot be checked)", "See experiments/seed-claims.json.", false,
                    $"sweep '{analysis.Name}' has no trials in a grid named {GridPrefix}{claim}-...", []));
        }

        return findings;
    }

    /// <summary>The finding of a one-claim sweep or grid (<see cref="ClaimNumber"/>), or null for any other.</summary>
    public static Finding? Evaluate(SweepAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        if (ClaimNumber(analysis.Name) is not { } claim)
        {
            return null;
        }

        try
        {
            return Evaluate(claim, analysis, analysis.Rank());
        }
        catch (InvalidOperationException e)
        {
            // A seed-claims sweep edited so that the compared configurations are missing: say so instead of a verdict.
            return new Finding($"{claim}. (cannot be checked)", "See experiments/seed-claims.json.", false, e.Message, []);
        }
    }

    private static Finding? Evaluate(int claim, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking) =>
        claim switch
        {
            1 => Vanishing(analysis, ranking),
            2 => ZeroInit(analysis, ranking),
            3 => Normalization(analysis, ranking),
            4 => Residual(analysis, ranking),
            5 => Clipping(analysis, ranking),
            6 => FeatureScaling(analysis, ranking),
            7 => Momentum(analysis, ranking),
            8 => Overfitting(analysis, ranking),
            _ => null,
        };

    private static Finding Vanishing(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var sigmoid = Single(analysis, ranking, ("activation", "sigmoid"), ("init", "gaussian"));
        var relu = Single(analysis, ranking, ("activation", "relu"), ("init", "he-normal"));
        int sigmoidFlagged = SeedsWith(analysis, sigmoid, TrialFlags.VanishingGradients);
        int reluFlagged = SeedsWith(analysis, relu, TrialFlags.VanishingGradients);
        bool holds = sigmoid.Flags.Contains(TrialFlags.VanishingGradients) && !relu.Flags.Contains(TrialFlags.VanishingGradients);
        return new Finding(
            "1. Vanishing gradients in deep sigmoid networks",
            "A deep sigmoid MLP with small Gaussian init gets the vanishing-gradient flag; relu with he-normal at the same depth does not.",
            holds,
            $"Sigmoid with small Gaussian init: first/last hidden gradient ratio {Ratio(sigmoid)}, vanishing in {sigmoidFlagged}/{sigmoid.Seeds} seeds; relu with he-normal: {Ratio(relu)}, vanishing in {reluFlagged}/{relu.Seeds} seeds.",
            [Describe(sigmoid), Describe(relu)]);
    }

    private static Finding ZeroInit(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var zeros = Single(analysis, ranking, ("init", "zeros"));
        var others = ranking.Where(r => r != zeros).ToList();
        int symmetric = SeedsWith(analysis, zeros, TrialFlags.SymmetricUnits);
        bool holds = zeros.Flags.Contains(TrialFlags.SymmetricUnits) && others.All(o => !o.Flags.Contains(TrialFlags.SymmetricUnits));
        return new Finding(
            "2. Zero init never breaks symmetry",
            "Zero init leaves the hidden units of a layer identical.",
            holds,
            $"With zero init every hidden layer's units gave one output in {symmetric}/{zeros.Seeds} seeds (final train loss {zeros.Metrics[MetricCatalog.FinalTrainLoss]}); "
                + (others.Count == 0 ? "no other init to compare." : $"with {string.Join(", ", others.Select(o => Value(analysis, o, "init")))} the units differ ({string.Join("; ", others.Select(o => $"final train loss {o.Metrics[MetricCatalog.FinalTrainLoss]}"))})."),
            [Describe(zeros), .. others.Select(Describe)]);
    }

    private static Finding Normalization(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var none = Single(analysis, ranking, ("norm", "none"));
        var normalized = ranking.Where(r => Value(analysis, r, "norm") != "none").ToList();
        var faster = normalized.Where(n => ClearlyFewerSteps(n, none)).ToList();
        bool holds = faster.Count > 0;
        int depth = Field<int>(analysis, none, "depth");
        return new Finding(
            "3. Normalization speeds up deep plain networks",
            "Batchnorm or layernorm makes a deep (16 or more layers) plain MLP converge faster than no normalization.",
            holds,
            $"At depth {depth} without residuals, steps to target: none {none.StepsToTarget}; "
                + string.Join("; ", normalized.Select(n => $"{Value(analysis, n, "norm")} {n.StepsToTarget}{(faster.Contains(n) ? " (faster, intervals apart)" : " (not distinguishably faster)")}")) + ".",
            [Describe(none), .. normalized.Select(Describe)]);
    }

    private static Finding Residual(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var plain = Single(analysis, ranking, ("residual", "false"));
        var residual = Single(analysis, ranking, ("residual", "true"));
        bool holds = Trainable(residual) && plain.ReachedTarget == 0;
        int depth = Field<int>(analysis, plain, "depth");
        return new Finding(
            "4. Residual connections make depth trainable",
            "Residual connections make depth 32 trainable where the same plain network without normalization is not.",
            holds,
            $"At depth {depth} without normalization the residual network reached the target in {residual.ReachedTarget}/{residual.Seeds} seeds "
                + $"(final train loss {residual.Metrics[MetricCatalog.FinalTrainLoss]}); the plain one in {plain.ReachedTarget}/{plain.Seeds} "
                + $"(final train loss {plain.Metrics[MetricCatalog.FinalTrainLoss]}, diagnosed {plain.Diagnosis}).",
            [Describe(residual), Describe(plain)]);
    }

    private static Finding Clipping(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var unclipped = Single(analysis, ranking, ("clip_norm", "0"));
        var clipped = ranking.Where(r => r != unclipped).ToList();
        bool holds = unclipped.Diverged > 0 && clipped.Count > 0 && clipped.All(c => c.Diverged == 0);
        double lr = Field<double>(analysis, unclipped, "lr");
        return new Finding(
            "5. Clipping prevents divergence",
            "At a learning rate high enough to diverge, gradient clipping by norm prevents the divergence.",
            holds,
            $"At lr {Format(lr)} without clipping {unclipped.Diverged}/{unclipped.Seeds} seeds diverged; "
                + string.Join("; ", clipped.Select(c => $"with clip_norm {Value(analysis, c, "clip_norm")} {c.Diverged}/{c.Seeds} diverged (final train loss {c.Metrics[MetricCatalog.FinalTrainLoss]})")) + ".",
            [Describe(unclipped), .. clipped.Select(Describe)]);
    }

    private static Finding FeatureScaling(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var none = Single(analysis, ranking, ("feature_scaling", "none"));
        var standardized = Single(analysis, ranking, ("feature_scaling", "standardize"));
        // "Far fewer": at most half the steps, with intervals apart.
        bool holds = ClearlyFewerSteps(standardized, none) && 2 * standardized.StepsToTarget.Mean <= none.StepsToTarget.Mean;
        return new Finding(
            "6. Feature scaling on ill-scaled data",
            "On the ill-scaled dataset, standardizing features reaches the target in far fewer steps than no scaling.",
            holds,
            $"Steps to target with standardized features {standardized.StepsToTarget} (reached {standardized.ReachedTarget}/{standardized.Seeds}); "
                + $"without scaling {none.StepsToTarget} (reached {none.ReachedTarget}/{none.Seeds}, diverged {none.Diverged}/{none.Seeds}).",
            [Describe(standardized), Describe(none)]);
    }

    private static Finding Momentum(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var sgd = Single(analysis, ranking, ("optimizer", "sgd"));
        var accelerated = ranking.Where(r => Value(analysis, r, "optimizer") is "momentum" or "nesterov").ToList();
        bool holds = accelerated.Count == 2 && accelerated.All(a => ClearlyFewerSteps(a, sgd));
        double lr = Field<double>(analysis, sgd, "lr");
        return new Finding(
            "7. Momentum beats plain SGD",
            "Momentum and Nesterov reach the target in fewer steps than plain SGD at the same learning rate.",
            holds,
            $"At lr {Format(lr)}, steps to target: sgd {sgd.StepsToTarget}; "
                + string.Join("; ", accelerated.Select(a => $"{Value(analysis, a, "optimizer")} {a.StepsToTarget}{(ClearlyFewerSteps(a, sgd) ? " (fewer, intervals apart)" : " (not distinguishable)")}")) + ".",
            [Describe(sgd), .. accelerated.Select(Describe)]);
    }

    private static Finding Overfitting(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var smallWide = ranking
            .OrderBy(r => Field<int>(analysis, r, "samples"))
            .ThenByDescending(r => Field<int>(analysis, r, "width"))
            .First();
        bool holds = smallWide.Diagnosis == Diagnoses.Overfitting;
        int samples = Field<int>(analysis, smallWide, "samples");
        int width = Field<int>(analysis, smallWide, "width");
        return new Finding(
            "8. Small data, wide network: overfitting",
            "A small training set with a wide network is diagnosed as overfitting.",
            holds,
            $"With {samples} examples and width {width}, {smallWide.SeedDiagnoses.Count(d => d == Diagnoses.Overfitting)}/{smallWide.Seeds} seeds were diagnosed overfitting: "
                + $"final train loss {smallWide.Metrics[MetricCatalog.FinalTrainLoss]} against final validation loss {smallWide.Metrics[MetricCatalog.FinalValLoss]} (best {smallWide.Metrics[MetricCatalog.BestValLoss]}).",
            [Describe(smallWide)]);
    }

    /// <summary>Reached the target in at least half the seeds and never diverged.</summary>
    private static bool Trainable(ConfigRanking config) => config.Diverged == 0 && 2 * config.ReachedTarget >= config.Seeds;

    /// <summary>Lower mean steps to target with the two intervals apart.</summary>
    private static bool ClearlyFewerSteps(ConfigRanking candidate, ConfigRanking baseline) =>
        candidate.StepsToTarget.Count > 0 && baseline.StepsToTarget.Count > 0
        && candidate.StepsToTarget.Mean < baseline.StepsToTarget.Mean
        && !candidate.StepsToTarget.Overlaps(baseline.StepsToTarget);

    private static ConfigRanking Single(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking, params (string Field, string Value)[] match)
    {
        var found = ranking.Where(r => match.All(m => Value(analysis, r, m.Field) == m.Value)).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException(
                $"'{analysis.Name}' should hold exactly one configuration with {string.Join(", ", match.Select(m => $"{m.Field}={m.Value}"))}, found {found.Count}");
    }

    /// <summary>A config field of a configuration (read from its first trial, so fields that do not vary work too).</summary>
    private static string Value(SweepAnalysis analysis, ConfigRanking config, string field) =>
        ConfigField.Format(ConfigSchema.Find(field)!.Get(analysis.TrialsById[config.TrialIds[0]].Config));

    private static T Field<T>(SweepAnalysis analysis, ConfigRanking config, string field) =>
        (T)ConfigSchema.Find(field)!.Get(analysis.TrialsById[config.TrialIds[0]].Config)!;

    private static int SeedsWith(SweepAnalysis analysis, ConfigRanking config, string flag) =>
        config.TrialIds.Count(id => analysis.MetricsById[id].Flags.Contains(flag));

    private static string Ratio(ConfigRanking config) => config.Metrics[MetricCatalog.VanishingRatio].ToString();

    private static string Format(double value) => MetricStats.Format(value);

    private static string Describe(ConfigRanking config) =>
        $"{config.ConfigKey}: rank {config.Rank}, steps to target {config.StepsToTarget}, reached {config.ReachedTarget}/{config.Seeds}, "
        + $"diverged {config.Diverged}/{config.Seeds}, diagnosis {config.Diagnosis}"
        + (config.Flags.Length > 0 ? $", flags {string.Join(", ", config.Flags)}" : "");
}

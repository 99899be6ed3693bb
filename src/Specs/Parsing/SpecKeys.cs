namespace Sweep.Specs.Parsing;

/// <summary>The keys a spec may hold, level by level. Trial settings themselves come from ConfigSchema.</summary>
internal static class SpecKeys
{
    public const string Name = "name";
    public const string Dataset = "dataset";
    public const string Base = "base";
    public const string Axes = "axes";
    public const string Seeds = "seeds";
    public const string Sample = "sample";
    public const string Exclude = "exclude";
    public const string Ranking = "ranking";
    public const string Grids = "grids";
    public const string Expectations = "expectations";
    public const string Stopping = "stopping";

    /// <summary>Trial settings that may also sit at the top level, next to the grid they budget.</summary>
    public static readonly IReadOnlyList<string> BudgetFields = ["epochs", "steps", "eval_every", "target_loss"];

    public static readonly IReadOnlyList<string> TopLevel =
        [Name, Dataset, Base, Axes, Seeds, Sample, Exclude, Ranking, Grids, Expectations, Stopping, .. BudgetFields];

    /// <summary>The keys one entry of <c>expectations</c> may hold.</summary>
    public static readonly IReadOnlyList<string> ExpectationKeys =
        ["name", "grid", "metric", "better", "than", "factor", "require", "flag", "diagnosis", "reaches_target", "on", "not_on"];

    /// <summary>The keys <c>stopping</c> may hold; each rule reads some of them.</summary>
    public static readonly IReadOnlyList<string> StoppingKeys =
        ["rule", "metric", "eta", "min_steps", "mode", "slack", "grace_steps", "startup_trials"];

    /// <summary>The keys one entry of <c>grids</c> may hold; seeds, sample and ranking apply to every grid.</summary>
    public static readonly IReadOnlyList<string> GridKeys =
        [Name, Dataset, Base, Axes, Exclude, .. BudgetFields];

    /// <summary>The trial settings the <c>dataset</c> object may hold.</summary>
    public static readonly IReadOnlyList<string> DatasetFields =
        ["dataset", "dataset_path", "label_column", "samples", "classes", "features", "noise", "ill_scaled", "feature_scaling", "val_fraction"];

    public const string SampleCount = "count";
    public const string Sampler = "sampler";
    public const string SamplerSeed = "sampler_seed";
    public const string SampleParams = "params";
    public static readonly IReadOnlyList<string> SampleKeys = [SampleCount, Sampler, SamplerSeed, SampleParams];
    public static readonly IReadOnlyList<string> Samplers = [SpecSample.Random, SpecSample.Sobol];

    /// <summary>Distribution keys as written in specs, and the names <see cref="SampleParam.Distribution"/> uses.</summary>
    public static readonly IReadOnlyDictionary<string, string> Distributions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["uniform"] = SampleParam.Uniform,
        ["log_uniform"] = SampleParam.LogUniform,
        ["int_uniform"] = SampleParam.IntUniform,
    };

    public const string RankingTargetLoss = "target_loss";
    public const string RankingBy = "by";
    public static readonly IReadOnlyList<string> RankingKeys = [RankingTargetLoss, RankingBy];

    /// <summary>The seed comes from <c>seeds</c>, never from base or axes.</summary>
    public const string SeedField = "seed";

    /// <summary>The key a distribution name is written under in specs.</summary>
    public static string DistributionKey(string distribution) =>
        Distributions.First(pair => pair.Value == distribution).Key;
}

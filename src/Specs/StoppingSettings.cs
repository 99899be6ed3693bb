using System.Globalization;

namespace Sweep.Specs;

/// <summary>Which adaptive stopping rule a sweep runs (spec <c>stopping.rule</c>).</summary>
public enum StopRuleKind
{
    /// <summary>Every trial runs its whole budget (the default).</summary>
    None,
    /// <summary>Capped racing on held steps to target: the cap is the best configuration's slowest seed times <see cref="StoppingSettings.Slack"/>.</summary>
    Race,
    /// <summary>Asynchronous (or synchronous) successive halving on a metric at rungs min_steps × eta^k.</summary>
    Asha,
    /// <summary>Optuna-style median stopping: worse than the median of the other configurations at the same step.</summary>
    Median,
}

/// <summary>When successive halving decides at a rung.</summary>
public enum RungMode
{
    /// <summary>As each trial reaches a rung (Ray Tune's ASHA): decisions depend on the order results arrive in.</summary>
    Async,
    /// <summary>When every trial has reached the rung (or ended before it): decisions are reproducible bit for bit.</summary>
    Sync,
}

/// <summary>
/// The spec's <c>stopping</c> section: which trials the coordinator stops early, and by what rule. Not part of the
/// sweep's identity (like <c>expectations</c>), but stored with the run folder's spec, so a resume can refuse a
/// different rule. Fields a rule does not use keep their defaults.
/// </summary>
/// <param name="Metric">train_loss, val_loss or val_accuracy (asha and median); lower is better except for accuracy.</param>
/// <param name="Eta">Reduction factor: the top 1/eta of a rung continue. Default 4, as Ray Tune's ASHA (reduction_factor=4) and Optuna's SuccessiveHalvingPruner (reduction_factor=4).</param>
/// <param name="MinSteps">The first rung, in steps; 0 = automatic: the budget / 100 (at least 1), as Optuna's min_resource="auto" (the first trial's steps / 100).</param>
/// <param name="Slack">Race: the cap is the incumbent's slowest seed's steps to target times this. Default 1.2: no tool has a default in steps; 20% over the slowest seed keeps a margin for a configuration that is as fast but unluckier.</param>
/// <param name="GraceSteps">Median: no trial is stopped before this step. Default 0, as Optuna's MedianPruner (n_warmup_steps=0).</param>
/// <param name="StartupTrials">Median: nothing is stopped until this many trials have finished. Default 5, as Optuna's MedianPruner (n_startup_trials=5).</param>
public sealed record StoppingSettings(
    StopRuleKind Rule,
    string Metric = StoppingSettings.DefaultMetric,
    int Eta = StoppingSettings.DefaultEta,
    long MinSteps = 0,
    RungMode Mode = RungMode.Async,
    double Slack = StoppingSettings.DefaultSlack,
    long GraceSteps = 0,
    int StartupTrials = StoppingSettings.DefaultStartupTrials)
{
    public const string DefaultMetric = "val_loss";
    public const int DefaultEta = 4;
    public const double DefaultSlack = 1.2;
    public const int DefaultStartupTrials = 5;

    /// <summary>The metrics asha and median may read; the first two are lower-is-better.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["val_loss", "train_loss", "val_accuracy"];

    /// <summary>Rule names as written in specs and on command lines.</summary>
    public static readonly IReadOnlyList<string> RuleNames = ["none", "race", "asha", "median"];

    public static readonly StoppingSettings None = new(StopRuleKind.None);

    public bool IsActive => Rule != StopRuleKind.None;

    /// <summary>"race", "asha", "median" or "none": the name written in <c>trials.stop_rule</c>.</summary>
    public string RuleName => NameOf(Rule);

    public static string NameOf(StopRuleKind rule) => RuleNames[(int)rule];

    /// <summary>The rule called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static StopRuleKind? ParseRule(string? name)
    {
        int index = RuleNames.ToList().FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (StopRuleKind)index;
    }

    /// <summary>The settings with only what <see cref="Rule"/> uses, for messages and the stored spec.</summary>
    public override string ToString() => Rule switch
    {
        StopRuleKind.None => "none",
        StopRuleKind.Race => string.Create(CultureInfo.InvariantCulture, $"race (slack {Slack})"),
        StopRuleKind.Asha => string.Create(CultureInfo.InvariantCulture,
            $"asha ({Metric}, eta {Eta}, min_steps {(MinSteps == 0 ? "auto" : MinSteps.ToString(CultureInfo.InvariantCulture))}, {Mode.ToString().ToLowerInvariant()})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"median ({Metric}, grace_steps {GraceSteps}, startup_trials {StartupTrials})"),
    };
}

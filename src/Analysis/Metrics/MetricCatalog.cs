namespace Sweep.Analysis;

/// <summary>A metric the ranking can sort by (<c>-By name</c>).</summary>
public sealed record MetricDefinition(string Name, string Description, bool HigherIsBetter, Func<TrialMetrics, double> Value);

/// <summary>Every metric by its snake_case name, plus the aliases speed, stability and auc.</summary>
public static class MetricCatalog
{
    public const string StepsToTarget = "steps_to_target";
    public const string ExamplesToTarget = "examples_to_target";
    public const string SecondsToTarget = "seconds_to_target";
    public const string ConvergedAtStep = "converged_at_step";
    public const string AucLogLoss = "auc_log_loss";
    public const string GradLogStd = "grad_log_std";
    public const string GradLogCv = "grad_log_cv";
    public const string SpikeRatio = "spike_ratio";
    public const string ClippedFraction = "clipped_fraction";
    public const string VanishingRatio = "vanishing_ratio";
    public const string DeadFraction = "dead_fraction";
    public const string SaturatedFraction = "saturated_fraction";
    public const string FinalTrainLoss = "final_train_loss";
    public const string FinalValLoss = "final_val_loss";
    public const string BestValLoss = "best_val_loss";
    public const string BestValAccuracy = "best_val_accuracy";

    /// <summary>Convergence speed: steps to the target loss.</summary>
    public const string Speed = StepsToTarget;

    /// <summary>Gradient stability: standard deviation of the log gradient norm after warm-up.</summary>
    public const string Stability = GradLogStd;

    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        new(StepsToTarget, "optimizer steps to reach the target train loss (budget when never)", false, m => m.StepsToTarget),
        new(ExamplesToTarget, "training examples seen before reaching the target (budget when never)", false, m => m.ExamplesToTarget),
        new(SecondsToTarget, "wall seconds to reach the target (whole budget's time when never)", false, m => m.SecondsToTarget),
        new(ConvergedAtStep, "step after which the smoothed train loss stayed flat (budget when never)", false, m => m.ConvergedAtStep),
        new(AucLogLoss, "area under log train loss over the budget", false, m => m.AucLogLoss),
        new(GradLogStd, "standard deviation of log gradient norm after warm-up", false, m => m.GradLogStd),
        new(GradLogCv, "coefficient of variation of log gradient norm after warm-up", false, m => m.GradLogCv),
        new(SpikeRatio, "max / median global gradient norm", false, m => m.SpikeRatio),
        new(ClippedFraction, "fraction of steps clipped", false, m => m.ClippedFraction),
        new(VanishingRatio, "first / last hidden layer gradient norm", true, m => m.VanishingRatio),
        new(DeadFraction, "fraction of dead ReLU units at the end", false, m => m.DeadFraction),
        new(SaturatedFraction, "fraction of saturated sigmoid/tanh units at the end", false, m => m.SaturatedFraction),
        new(FinalTrainLoss, "train loss at the end", false, m => m.FinalTrainLoss),
        new(FinalValLoss, "validation loss at the end", false, m => m.FinalValLoss),
        new(BestValLoss, "lowest validation loss", false, m => m.BestValLoss),
        new(BestValAccuracy, "highest validation accuracy", true, m => m.BestValAccuracy),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByName = BuildLookup();

    /// <summary>Names users may type, aliases included, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The metric with this name or alias (case-insensitive); throws <see cref="ArgumentException"/> listing the known names.</summary>
    public static MetricDefinition Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name.Trim(), out var metric)
            ? metric
            : throw new ArgumentException($"unknown metric '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }

    private static Dictionary<string, MetricDefinition> BuildLookup()
    {
        var lookup = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        lookup["speed"] = lookup[Speed];
        lookup["stability"] = lookup[Stability];
        lookup["auc"] = lookup[AucLogLoss];
        return lookup;
    }
}

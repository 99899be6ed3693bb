using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>A metric the ranking can sort by (<c>-By name</c>).</summary>
/// <param name="ToTarget">
/// A time-to-event metric (steps, examples or seconds to the target, convergence step): a trial that never got there is
/// censored, its value the point it was censored at (the budget, or the step a pruned trial stopped at).
/// </param>
public sealed record MetricDefinition(string Name, string Description, bool HigherIsBetter, Func<TrialMetrics, double> Value, bool ToTarget = false);

/// <summary>
/// Every metric by its snake_case name, plus the aliases speed, stability and auc: the analysis's own metrics, then
/// every numeric field of the engine's summary table (<see cref="ResultFields.Summary"/>) not already among them, so a
/// metric added to the summary is rankable without a change here.
/// </summary>
public static class MetricCatalog
{
    public const string StepsToTarget = "steps_to_target";
    public const string FirstStepToTarget = "first_step_to_target";
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

    public static readonly IReadOnlyList<MetricDefinition> All = WithSummaryFields(
    [
        new(StepsToTarget, "optimizer steps until the train loss reached the target and stayed there (budget, or the step a pruned trial stopped at, when never)", false, m => m.StepsToTarget, ToTarget: true),
        new(FirstStepToTarget, "optimizer steps until the train loss first reached the target (budget, or the step a pruned trial stopped at, when never)", false, m => m.FirstStepToTarget, ToTarget: true),
        new(ExamplesToTarget, "training examples seen before reaching the target (budget, or the step a pruned trial stopped at, when never)", false, m => m.ExamplesToTarget, ToTarget: true),
        new(SecondsToTarget, "wall seconds to reach the target (whole budget's time, or a pruned trial's, when never)", false, m => m.SecondsToTarget, ToTarget: true),
        new(ConvergedAtStep, "step after which the smoothed train loss stayed flat (budget, or the step a pruned trial stopped at, when never)", false, m => m.ConvergedAtStep, ToTarget: true),
        new(AucLogLoss, "area under log train loss over the budget", false, m => m.AucLogLoss),
        new(GradLogStd, "standard deviation of log gradient norm after warm-up (none for a trial that never learned)", false, m => IfLearning(m, m.GradLogStd)),
        new(GradLogCv, "coefficient of variation of log gradient norm after warm-up (none for a trial that never learned)", false, m => IfLearning(m, m.GradLogCv)),
        new(SpikeRatio, "max / median global gradient norm (none for a trial that never learned)", false, m => IfLearning(m, m.SpikeRatio)),
        new(ClippedFraction, "fraction of steps clipped", false, m => m.ClippedFraction),
        new(VanishingRatio, "first / last hidden layer gradient norm", true, m => m.VanishingRatio),
        new(DeadFraction, "fraction of dead ReLU units at the end", false, m => m.DeadFraction),
        new(SaturatedFraction, "fraction of saturated sigmoid/tanh units at the end", false, m => m.SaturatedFraction),
        new(FinalTrainLoss, "train loss at the end", false, m => m.FinalTrainLoss),
        new(FinalValLoss, "validation loss at the end", false, m => m.FinalValLoss),
        new(BestValLoss, "lowest validation loss", false, m => m.BestValLoss),
        new(BestValAccuracy, "highest validation accuracy", true, m => m.BestValAccuracy),
    ]);

    /// <summary>
    /// A gradient-stability value, or NaN for a trial diagnosed stalled: a network that never trains (dead, saturated,
    /// symmetric, or too small a learning rate) has gradients that barely move, which would read as the most stable of
    /// all and credit the factor level that broke it (no normalisation at depth 32 "more stable" than batchnorm).
    /// Unstable, diverging and diverged trials keep their values: their spread is the instability being measured.
    /// </summary>
    private static double IfLearning(TrialMetrics metrics, double value) => metrics.Diagnosis == Diagnoses.Stalled ? double.NaN : value;

    /// <summary>The analysis's metrics, then each numeric summary field whose name they do not use (lower is better except accuracies).</summary>
    private static List<MetricDefinition> WithSummaryFields(List<MetricDefinition> own)
    {
        var names = own.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in ResultFields.Summary.Where(f => f.Kind is FieldKind.Double or FieldKind.Long or FieldKind.Int && !names.Contains(f.Name)))
        {
            own.Add(new MetricDefinition(
                field.Name, field.Description, field.Name.Contains("accuracy", StringComparison.Ordinal),
                m => field.Get(m.Summary) is { } value ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : double.NaN));
        }

        return own;
    }

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

namespace Sweep.Engine.Training;

/// <summary>How a trial ended. The trainer returns Completed or Diverged; Failed is set by whoever ran it when it threw.</summary>
public enum TrialStatus
{
    Completed,
    Diverged,
    Failed,
    /// <summary>Stopped early by the sweep's stopping rule (spec <c>stopping</c>): its curves run to the step it stopped
    /// at (<c>steps_run</c>); the analysis treats it as censored, never as failed.</summary>
    Pruned,
}

/// <summary>
/// One evaluation point: every <c>eval_every</c> steps, at each epoch end and after the last step
/// (a diverged trial ends with a point at the diverged step, its train loss not finite).
/// <see cref="Step"/> counts optimizer steps taken (from 1); <see cref="Epoch"/> is the 1-based epoch
/// that step belongs to; <see cref="Examples"/> = Step × batch size.
/// Losses are means: <see cref="TrainLoss"/> over the steps since the previous point,
/// <see cref="ValLoss"/> over the whole validation split. NaN where not measured
/// (no validation split; accuracy of a regression).
/// </summary>
public readonly record struct EvalPoint(
    long Step,
    int Epoch,
    long Examples,
    double WallSeconds,
    double LearningRate,
    double TrainLoss,
    double ValLoss,
    double ValAccuracy,
    /// <summary>Global L2 norm of all gradients before clipping, at the last step before this point.</summary>
    double GradNorm,
    /// <summary>Whether that step was clipped (by norm or by value).</summary>
    bool Clipped,
    double WeightNorm,
    /// <summary>||update|| / ||weights|| of that step.</summary>
    double UpdateRatio);

/// <summary>
/// Statistics of one layer at one evaluation point. Layers are numbered 0 (stem) to depth-1
/// (hidden) and depth (head). Norms are of the layer's Linear weight matrix and its gradient
/// (before clipping) at the last step. Activation statistics are of the activation's output (before
/// a residual add; the head's: its outputs) on the last training batch; saturated counts |tanh| &gt; 0.99 or sigmoid outside [0.01, 0.99];
/// dead counts ReLU units that are zero for the whole batch. Both are fractions in [0, 1].
/// </summary>
public readonly record struct LayerPoint(
    long Step,
    int Layer,
    /// <summary>"stem", "hidden" or "head".</summary>
    string Kind,
    double GradNorm,
    double WeightNorm,
    double ActMean,
    double ActStd,
    double SaturatedFraction,
    double DeadFraction,
    /// <summary>
    /// Fraction of the layer's units whose incoming weights (their row of the weight matrix) are bit for bit those of
    /// another unit of the layer: units that compute the same function, as after a zero or constant init (symmetry).
    /// </summary>
    double DuplicateUnits = 0);

/// <summary>
/// The numbers a practitioner reads off a finished trial. Null where the event never happened
/// (never converged, never diverged, target never reached, no validation split).
/// </summary>
public sealed record TrialSummary
{
    public long StepsRun { get; init; }
    public long ExamplesSeen { get; init; }
    /// <summary>
    /// Loss of the first step's batch, before any update: where training started (about ln(classes) for a
    /// classifier). The reference for "ended worse than it started" and "never left its start". Null when no step ran.
    /// </summary>
    public double? InitialTrainLoss { get; init; }
    public double FinalTrainLoss { get; init; }
    public double BestTrainLoss { get; init; }
    /// <summary>Step of the evaluation point with the lowest train loss; null when no point has a finite one.</summary>
    public long? BestTrainStep { get; init; }
    /// <summary>
    /// Noise-robust end of the train curve: the median train loss of the last fifth of the evaluation points (at least
    /// three, or all there are); NaN when one of them is not finite.
    /// </summary>
    public double FinalTrainLossMedian { get; init; } = double.NaN;
    /// <summary>
    /// The loss of the best constant predictor on the training split: the entropy of the class frequencies (nats) for a
    /// classifier, the mean per-output variance of the targets for MSE regression. A model that ends near it has
    /// learned nothing beyond the label distribution. Null when the data was not seen (a trial that failed to load it).
    /// </summary>
    public double? ChanceLoss { get; init; }
    public double? FinalValLoss { get; init; }
    public double? BestValLoss { get; init; }
    public double? FinalValAccuracy { get; init; }
    public double? BestValAccuracy { get; init; }
    /// <summary>
    /// The step after which the smoothed train loss (mean of the last 3 evaluation points) changed by
    /// less than tol, relatively, for patience points in a row (see ConvergenceDetector).
    /// </summary>
    public long? ConvergedAtStep { get; init; }
    public long? DivergedAtStep { get; init; }
    /// <summary>
    /// Reached and held: the step of the first evaluation point from which the train loss stays at or below target_loss
    /// to the end of the run (a run that went back above it for good has not reached it).
    /// </summary>
    public long? StepsToTarget { get; init; }
    /// <summary>Step of the first evaluation point whose train loss is at or below target_loss, held or not.</summary>
    public long? FirstStepToTarget { get; init; }
    /// <summary>
    /// Area under ln(train loss) (floored at 1e-12) over step / step budget, trapezoid rule between
    /// evaluation points with finite loss; an early-stopped trial keeps its last loss to the end of the
    /// budget. Lower is faster.
    /// </summary>
    public double AucLogTrainLoss { get; init; }
    /// <summary>Median global gradient norm over evaluation points.</summary>
    public double GradNormMedian { get; init; }
    /// <summary>Max / median global gradient norm.</summary>
    public double GradSpikeRatio { get; init; }
    /// <summary>Coefficient of variation of log global gradient norm after warm-up.</summary>
    public double GradLogCv { get; init; }
    /// <summary>Median over training of first hidden layer's gradient norm / last hidden layer's.</summary>
    public double VanishingRatio { get; init; }
    /// <summary>Fraction of steps that were clipped.</summary>
    public double ClippedFraction { get; init; }
    /// <summary>Mean over hidden layers of the dead-unit fraction at the last evaluation point with layer statistics.</summary>
    public double DeadFraction { get; init; }
    /// <summary>Mean over hidden layers of the saturated fraction at the last evaluation point with layer statistics.</summary>
    public double SaturatedFraction { get; init; }
}

/// <summary>Everything a trial produces. The same config and seed give the same values bit for bit, wall times aside.</summary>
public sealed record TrialResult(
    TrialStatus Status,
    IReadOnlyList<EvalPoint> Curve,
    IReadOnlyList<LayerPoint> Layers,
    TrialSummary Summary,
    double WallSeconds);

/// <summary>Throttled progress of a running trial (at most a few times per second).</summary>
public readonly record struct TrialProgress(long Step, long TotalSteps, double TrainLoss);

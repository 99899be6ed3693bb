namespace Sweep.Analysis;

/// <summary>
/// Every threshold the diagnoses, flags and intervals use, in one place. Each constant says what
/// it means in words; the rules in <see cref="CurveDiagnostics"/> and <see cref="GradientFlags"/>
/// only compare against these.
/// </summary>
public static class AnalysisThresholds
{
    /// <summary>First / last hidden-layer gradient norm below this: vanishing gradients (two orders of magnitude).</summary>
    public const double VanishingRatio = 1e-2;

    /// <summary>First / last hidden-layer gradient norm above this: gradients explode toward the input.</summary>
    public const double ExplodingRatio = 1e2;

    /// <summary>
    /// Largest global gradient norm / the first evaluation point's at or above this: gradients grew
    /// by three orders of magnitude. (Max / median is not used: a loss that falls toward zero
    /// shrinks its gradients, which makes the early ones look like spikes.)
    /// </summary>
    public const double ExplodingGrowth = 1e3;

    /// <summary>Mean fraction of dead ReLU units over hidden layers at or above this: dead ReLUs.</summary>
    public const double DeadFraction = 0.5;

    /// <summary>Mean fraction of saturated sigmoid/tanh units at or above this: saturated units.</summary>
    public const double SaturatedFraction = 0.5;

    /// <summary>
    /// Activation standard deviation (over the batch and the units) at or below this, in every
    /// hidden layer at the last evaluation point: every unit gives the same output for every
    /// example, so the units are identical (symmetry never broken).
    /// </summary>
    public const double SymmetricActivationStd = 1e-6;

    /// <summary>The trend of a curve is read over this final fraction of its evaluation points ...</summary>
    public const double TrendWindowFraction = 0.4;

    /// <summary>... but over at least this many points (or all of them when there are fewer).</summary>
    public const int TrendWindowMinPoints = 4;

    /// <summary>
    /// Change of mean log loss between the two halves of the trend window: below minus this is
    /// falling, above plus this is rising, in between is flat (0.02 is about 2 %).
    /// </summary>
    public const double FlatLogChange = 0.02;

    /// <summary>Losses below this fraction of a curve's first value count as zero when reading trends, so noise near zero is not read as rising.</summary>
    public const double TrendLossFloor = 0.01;

    /// <summary>
    /// Rising train (and validation) loss counts as diverging only when the mean log train loss of
    /// the trend window's second half is this far above its first half (ln 2: it doubled). Smaller
    /// rises are mini-batch noise on a plateau, as with batchnorm and a fixed learning rate.
    /// </summary>
    public const double DivergeRiseLog = 0.6931471805599453;

    /// <summary>Validation loss this far above its best (log ratio; 0.1 is about 10 %) while train does not rise: overfitting.</summary>
    public const double OverfitValRiseLog = 0.1;

    /// <summary>
    /// A train loss that has stopped falling more than this many times above the target loss is stalled, not
    /// converged (e.g. Adam at lr 0.3 on Fashion-MNIST: flat at ln 10 = 2.30, chance level, against a target of 0.4).
    /// </summary>
    public const double StallTargetRatio = 2;

    /// <summary>
    /// ... and still above this fraction of where it started (its initial loss; for results without one, the median of
    /// the curve's first third): a run that fell
    /// from 1.0 to 1e-3 and flattened there has learned (it may be memorising), even when a target is lower still.
    /// </summary>
    public const double StallStartFraction = 0.5;

    /// <summary>The default target is the median final train loss of this best fraction of non-diverged trials.</summary>
    public const double TargetBestFraction = 0.25;

    /// <summary>... times this margin (10 % above), so runs on the same plateau do not miss it by noise.</summary>
    public const double TargetMargin = 1.1;

    /// <summary>Coverage of the confidence intervals.</summary>
    public const double Confidence = 0.95;

    /// <summary>Up to this many values the bootstrap enumerates every resample exactly (n^n of them) ...</summary>
    public const int ExactBootstrapMaxValues = 5;

    /// <summary>... above it draws this many seeded resamples ...</summary>
    public const int BootstrapResamples = 1000;

    /// <summary>... and from this many values on uses the normal interval of the mean (factor levels pool many trials).</summary>
    public const int NormalIntervalMinValues = 200;

    /// <summary>A configuration carries a flag when at least this fraction of its seeds do.</summary>
    public const double FlagMajority = 0.5;
}

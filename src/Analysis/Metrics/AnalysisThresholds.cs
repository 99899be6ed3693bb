namespace Sweep.Analysis;

/// <summary>
/// Every threshold the diagnoses, flags, default target and intervals use, in one place. Each constant says what it
/// means in words; <see cref="CurveDiagnostics"/>, <see cref="GradientFlags"/> and <see cref="TargetLossRule"/> only
/// compare against these. They were set from the definitions (what a practitioner calls flat, a blow-up, learned)
/// before the labelled corpus in experiments/diagnosis-corpus.json was scored against them.
/// </summary>
public static class AnalysisThresholds
{
    // ---- reference levels -------------------------------------------------------------------------------------

    /// <summary>
    /// A run learned when its robust final loss is below this fraction of the chance-level loss and of its initial
    /// loss (at least 10 % below each); otherwise it is stalled (zero init, lr far too small, a constant predictor).
    /// </summary>
    public const double LearnedFraction = 0.9;

    // ---- trends ------------------------------------------------------------------------------------------------

    /// <summary>The trend of a curve is read over this final fraction of its evaluation points ...</summary>
    public const double TrendWindowFraction = 0.4;

    /// <summary>... but over at least this many points (or all of them when there are fewer).</summary>
    public const int TrendWindowMinPoints = 5;

    /// <summary>|Mann-Kendall z| at least this (two-sided 5 %): the window's ordering is not mini-batch noise.</summary>
    public const double TrendZ = 1.96;

    /// <summary>
    /// ... and the Theil-Sen change of the log loss over the window at least this fraction of the log progress made
    /// (ln chance-level loss minus ln robust final loss): a slow tail that moves less than 10 % of the way it came, on a
    /// log scale, reads as flat.
    /// </summary>
    public const double TrendMinChange = 0.1;

    /// <summary>
    /// Losses are read on a log scale above this fraction of the chance-level loss (ln(loss + floor)): a loss a hundred
    /// times below chance is as good as zero for reading a trend, so its mini-batch wobble cannot read as learning.
    /// </summary>
    public const double TrendFloorFraction = 0.01;

    // ---- instability and divergence ----------------------------------------------------------------------------

    /// <summary>A blow-up: a point at least this many times its running minimum ...</summary>
    public const double BlowUpFactor = 2;

    /// <summary>
    /// ... and at least this fraction of the chance-level loss above it, so noise near zero (0.001 to 0.003) is not
    /// a blow-up while a collapse back toward chance is.
    /// </summary>
    public const double BlowUpChanceFraction = 0.2;

    /// <summary>
    /// ... and, on a log scale, at least this many noise units above the median of the points before it (a unit is the
    /// curve's own point-to-point spread there, see <see cref="BlowUpTest"/>): a jump that the mean batch loss of small
    /// batches, short windows or batchnorm's train mode makes every few points is not a blow-up. Four standard
    /// deviations: rarer than one point in ten thousand for normal noise, still rare for the heavier tails of batch losses.
    /// </summary>
    public const double BlowUpNoiseUnits = 4;

    /// <summary>
    /// A point's jump is measured from the median of this many points before it, and the noise it is measured in from
    /// the point-to-point changes of this many points on each side of it ...
    /// </summary>
    public const int BlowUpNoiseWindow = 10;

    /// <summary>... and is unknown (the factor and chance tests alone decide) with fewer than this many changes.</summary>
    public const int BlowUpNoiseMinChanges = 4;

    /// <summary>
    /// A run whose robust end gave back at least this fraction of the progress it had made below its start (the lower
    /// of the chance-level and initial loss) collapsed: unstable, even without a single sharp jump.
    /// </summary>
    public const double GiveBackFraction = 0.5;

    /// <summary>A run that ends (robust final loss) above this many times the larger of its initial and chance-level loss got worse than untrained: unstable.</summary>
    public const double EndedAboveStartFactor = 1.25;

    /// <summary>Diverging also needs the end of the run at least this many times its best loss (it doubled).</summary>
    public const double DivergingFactor = 2;

    // ---- overfitting -------------------------------------------------------------------------------------------

    /// <summary>Validation rising counts as overfitting when its robust end is at least this far above its best (log ratio; about 10 %).</summary>
    public const double OverfitValRiseLog = 0.1;

    /// <summary>
    /// ... or, where the best validation loss is not far below chance (overlapping classes), at least this fraction of
    /// the log progress validation made below the chance level: 1.35 -> 1.45 against a chance level of 1.61 gives back 40 %
    /// of what validation had gained, though it is only 7 % above its best.
    /// </summary>
    public const double OverfitValGiveBackFraction = 0.25;

    /// <summary>The train/validation gap must grow over the window by at least this fraction of the best validation loss.</summary>
    public const double OverfitGapGrowth = 0.1;

    // ---- flags -------------------------------------------------------------------------------------------------

    /// <summary>First / last hidden-layer gradient norm below this: vanishing gradients (two orders of magnitude; exact zeros count).</summary>
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
    /// In some hidden layer at least this fraction of the units have incoming weights identical to another unit's
    /// at the end (they compute one function: symmetry never broken): symmetric units.
    /// </summary>
    public const double SymmetricUnitsFraction = 0.5;

    /// <summary>A configuration carries a flag when at least this fraction of its seeds do.</summary>
    public const double FlagMajority = 0.5;

    // ---- default target ----------------------------------------------------------------------------------------

    /// <summary>
    /// Without a target in the options or the spec, the target of trials on the same data is this fraction of the way
    /// from the chance-level loss down to the best robust final loss among configurations that learned (median over
    /// their seeds): a level good configurations reach and poor ones reach late or not at all.
    /// </summary>
    public const double TargetProgressFraction = 0.8;

    /// <summary>When more than this fraction of the configurations that learned miss the target, the ranking says so and suggests one.</summary>
    public const double TargetMissWarningFraction = 0.5;

    // ---- intervals ---------------------------------------------------------------------------------------------

    /// <summary>Coverage of the confidence intervals.</summary>
    public const double Confidence = 0.95;

    /// <summary>Up to this many values the bootstrap enumerates every resample exactly (n^n of them) ...</summary>
    public const int ExactBootstrapMaxValues = 5;

    /// <summary>... above it draws this many seeded resamples ...</summary>
    public const int BootstrapResamples = 1000;

    /// <summary>... and from this many values on uses the normal interval of the mean (factor levels pool many trials).</summary>
    public const int NormalIntervalMinValues = 200;
}

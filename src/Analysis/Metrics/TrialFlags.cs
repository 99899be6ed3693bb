namespace Sweep.Analysis;

/// <summary>Flags a trial can carry besides its diagnosis; thresholds in <see cref="AnalysisThresholds"/>.</summary>
public static class TrialFlags
{
    /// <summary>First hidden layer's gradient norm orders of magnitude below the last one's (exactly zero counts).</summary>
    public const string VanishingGradients = "vanishing-gradients";
    /// <summary>Gradients grow toward the input, grow a thousandfold over training, or become NaN/infinite.</summary>
    public const string ExplodingGradients = "exploding-gradients";
    /// <summary>Most ReLU units output zero for the whole batch.</summary>
    public const string DeadRelus = "dead-relus";
    /// <summary>Most sigmoid/tanh units sit in their flat tails.</summary>
    public const string SaturatedUnits = "saturated-units";
    /// <summary>In some hidden layer most units have incoming weights identical to another unit's: symmetry was never broken.</summary>
    public const string SymmetricUnits = "symmetric-units";
    /// <summary>The train loss never reached the target; speed metrics count the full budget.</summary>
    public const string TargetNotReached = "target-not-reached";

    /// <summary>The order flags are listed in.</summary>
    public static readonly IReadOnlyList<string> All =
        [VanishingGradients, ExplodingGradients, DeadRelus, SaturatedUnits, SymmetricUnits, TargetNotReached];
}

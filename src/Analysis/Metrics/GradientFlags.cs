using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>
/// Flags read from the gradient and activation statistics of one trial, against
/// <see cref="AnalysisThresholds"/>. Returned in the order of <see cref="TrialFlags.All"/>.
/// </summary>
public static class GradientFlags
{
    public static IReadOnlyList<string> Of(TrialSummary summary, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint> layers, bool reachedTarget)
    {
        var flags = new List<string>();
        if (IsVanishing(summary))
        {
            flags.Add(TrialFlags.VanishingGradients);
        }

        if (IsExploding(summary, curve))
        {
            flags.Add(TrialFlags.ExplodingGradients);
        }

        if (summary.DeadFraction >= AnalysisThresholds.DeadFraction)
        {
            flags.Add(TrialFlags.DeadRelus);
        }

        if (summary.SaturatedFraction >= AnalysisThresholds.SaturatedFraction)
        {
            flags.Add(TrialFlags.SaturatedUnits);
        }

        if (IsSymmetric(layers))
        {
            flags.Add(TrialFlags.SymmetricUnits);
        }

        if (!reachedTarget)
        {
            flags.Add(TrialFlags.TargetNotReached);
        }

        return flags;
    }

    public static bool IsVanishing(TrialSummary summary) =>
        double.IsFinite(summary.VanishingRatio) && summary.VanishingRatio < AnalysisThresholds.VanishingRatio;

    public static bool IsExploding(TrialSummary summary, IReadOnlyList<EvalPoint> curve)
    {
        if (double.IsFinite(summary.VanishingRatio) && summary.VanishingRatio > AnalysisThresholds.ExplodingRatio)
        {
            return true;
        }

        if (curve.Count == 0)
        {
            return false;
        }

        if (curve.Any(p => !double.IsFinite(p.GradNorm)))
        {
            return true;
        }

        double first = curve[0].GradNorm;
        double largest = curve.Max(p => p.GradNorm);
        return first > 0 && largest >= AnalysisThresholds.ExplodingGrowth * first;
    }

    /// <summary>Every non-head layer at the last evaluation point has (near) zero activation spread: all its units are one unit.</summary>
    public static bool IsSymmetric(IReadOnlyList<LayerPoint> layers)
    {
        if (layers.Count == 0)
        {
            return false;
        }

        long lastStep = layers.Max(l => l.Step);
        var hidden = layers.Where(l => l.Step == lastStep && l.Kind != "head").ToList();
        return hidden.Count > 0 && hidden.All(l => double.IsFinite(l.ActStd) && l.ActStd <= AnalysisThresholds.SymmetricActivationStd);
    }
}

using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>The measured values behind a trial's flags; NaN where not measured (no layer statistics).</summary>
/// <param name="VanishingRatio">Median over evaluation points of first / last hidden-layer gradient norm, exact zeros counted (both zero: 0).</param>
/// <param name="GradGrowth">Largest global gradient norm / the first point's; infinite when a norm was not finite.</param>
/// <param name="DeadFraction">Mean dead-unit fraction over hidden layers at the end.</param>
/// <param name="SaturatedFraction">Mean saturated fraction over hidden layers at the end.</param>
/// <param name="SymmetricUnits">Largest fraction, over the hidden layers at the end, of units whose incoming weights equal another unit's.</param>
public sealed record FlagEvidence(double VanishingRatio, double GradGrowth, double DeadFraction, double SaturatedFraction, double SymmetricUnits)
{
    /// <summary>Nothing measured (a failed trial): every value NaN, which raises no flag.</summary>
    public static FlagEvidence None { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The value behind one flag of <see cref="TrialFlags.All"/>.</summary>
    public double ValueOf(string flag) => flag switch
    {
        TrialFlags.VanishingGradients => VanishingRatio,
        TrialFlags.ExplodingGradients => GradGrowth,
        TrialFlags.DeadRelus => DeadFraction,
        TrialFlags.SaturatedUnits => SaturatedFraction,
        TrialFlags.SymmetricUnits => SymmetricUnits,
        _ => double.NaN,
    };
}

/// <summary>
/// Flags read from the gradient and activation statistics of one trial, against <see cref="AnalysisThresholds"/>, each
/// from the quantity it names. Returned in the order of <see cref="TrialFlags.All"/>.
/// </summary>
public static class GradientFlags
{
    public static IReadOnlyList<string> Of(TrialSummary summary, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint> layers, bool reachedTarget) =>
        Of(Measure(summary, curve, layers), reachedTarget);

    public static IReadOnlyList<string> Of(FlagEvidence evidence, bool reachedTarget)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var flags = new List<string>();
        if (evidence.VanishingRatio < AnalysisThresholds.VanishingRatio)
        {
            flags.Add(TrialFlags.VanishingGradients);
        }

        if (evidence.GradGrowth >= AnalysisThresholds.ExplodingGrowth || evidence.VanishingRatio > AnalysisThresholds.ExplodingRatio)
        {
            flags.Add(TrialFlags.ExplodingGradients);
        }

        if (evidence.DeadFraction >= AnalysisThresholds.DeadFraction)
        {
            flags.Add(TrialFlags.DeadRelus);
        }

        if (evidence.SaturatedFraction >= AnalysisThresholds.SaturatedFraction)
        {
            flags.Add(TrialFlags.SaturatedUnits);
        }

        if (evidence.SymmetricUnits >= AnalysisThresholds.SymmetricUnitsFraction)
        {
            flags.Add(TrialFlags.SymmetricUnits);
        }

        if (!reachedTarget)
        {
            flags.Add(TrialFlags.TargetNotReached);
        }

        return flags;
    }

    public static FlagEvidence Measure(TrialSummary summary, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint> layers)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(layers);
        var hiddenAtEnd = LastHidden(layers);
        return new FlagEvidence(
            VanishingRatio(summary, layers),
            GradGrowth(curve),
            summary.DeadFraction,
            summary.SaturatedFraction,
            hiddenAtEnd.Count > 0 ? hiddenAtEnd.Max(l => l.DuplicateUnits) : double.NaN);
    }

    /// <summary>
    /// The engine's median ratio, or (results written before exact zeros were counted, which read NaN) the median over
    /// evaluation points of the first hidden (stem) layer's gradient norm over the last hidden layer's: both zero is 0,
    /// only the last zero is infinite.
    /// </summary>
    private static double VanishingRatio(TrialSummary summary, IReadOnlyList<LayerPoint> layers)
    {
        if (!double.IsNaN(summary.VanishingRatio))
        {
            return summary.VanishingRatio;
        }

        var ratios = new List<double>();
        foreach (var step in layers.Where(l => l.Kind != "head").GroupBy(l => l.Step))
        {
            var ordered = step.OrderBy(l => l.Layer).ToList();
            if (ordered.Count < 2)
            {
                continue;
            }

            double first = ordered[0].GradNorm, last = ordered[^1].GradNorm;
            ratios.Add(last > 0 ? first / last : first > 0 ? double.PositiveInfinity : 0);
        }

        return ratios.Count == 0 ? double.NaN : Statistics.Median([.. ratios.Order()]);
    }

    private static double GradGrowth(IReadOnlyList<EvalPoint> curve)
    {
        if (curve.Count == 0)
        {
            return double.NaN;
        }

        if (curve.Any(p => !double.IsFinite(p.GradNorm)))
        {
            return double.PositiveInfinity;
        }

        double first = curve[0].GradNorm;
        return first > 0 ? curve.Max(p => p.GradNorm) / first : double.NaN;
    }

    private static List<LayerPoint> LastHidden(IReadOnlyList<LayerPoint> layers)
    {
        if (layers.Count == 0)
        {
            return [];
        }

        long lastStep = layers.Max(l => l.Step);
        return [.. layers.Where(l => l.Step == lastStep && l.Kind != "head")];
    }
}

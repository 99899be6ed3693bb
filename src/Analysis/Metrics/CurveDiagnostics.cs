using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>
/// The practitioners' reading of train and validation curves, as plain rules:
/// <list type="bullet">
/// <item>status diverged, a NaN/infinite loss, or train and validation both rising (train rising without a validation split)
///   with the train loss of the trend window's second half more than <see cref="AnalysisThresholds.DivergeRiseLog"/> above its first half,
///   or train not falling and ending (the trend window's second half) that much above its initial loss: <see cref="Diagnoses.Diverging"/>;</item>
/// <item>train falling or flat while validation rises, train falling while validation is flat, or validation
///   risen more than <see cref="AnalysisThresholds.OverfitValRiseLog"/> above its best: <see cref="Diagnoses.Overfitting"/>;</item>
/// <item>train flat (or rising, short of diverging), never at the target, with the mean of its trend window's second half
///   more than <see cref="AnalysisThresholds.StallTargetRatio"/> times the target and more than
///   <see cref="AnalysisThresholds.StallStartFraction"/> of where it started (its initial loss, or for results without one the
///   median of its first third): <see cref="Diagnoses.Stalled"/>;</item>
/// <item>train flat (or rising: mini-batch noise on a plateau) while validation falls: <see cref="Diagnoses.SuspectData"/>;</item>
/// <item>train falling (validation falling or absent): <see cref="Diagnoses.StillLearning"/>;</item>
/// <item>otherwise (train flat, validation flat or absent): <see cref="Diagnoses.Converged"/>.</item>
/// </list>
/// A trend compares the mean log loss of the two halves of the last
/// <see cref="AnalysisThresholds.TrendWindowFraction"/> of the points against
/// <see cref="AnalysisThresholds.FlatLogChange"/>.
/// </summary>
public static class CurveDiagnostics
{
    /// <param name="targetLoss">
    /// The sweep's target train loss, for a trial that never reached it; NaN (no target, or reached) never reads as stalled.
    /// </param>
    /// <param name="initialLoss">The loss before any update (<see cref="TrialSummary.InitialTrainLoss"/>); NaN when not recorded.</param>
    public static string Diagnose(
        TrialStatus status, IReadOnlyList<EvalPoint> curve, double targetLoss = double.NaN, double initialLoss = double.NaN)
    {
        if (status == TrialStatus.Failed)
        {
            return Diagnoses.Failed;
        }

        if (status == TrialStatus.Diverged || curve.Any(p => !double.IsFinite(p.TrainLoss)))
        {
            return Diagnoses.Diverging;
        }

        var train = curve.Select(p => p.TrainLoss).ToArray();
        var val = curve.Select(p => p.ValLoss).Where(double.IsFinite).ToArray();
        var trainTrend = TrendOf(train);
        var valTrend = TrendOf(val);
        if (trainTrend == Trend.Rising && valTrend is Trend.Rising or Trend.Unknown
            && TrendChange(train) > AnalysisThresholds.DivergeRiseLog)
        {
            return Diagnoses.Diverging;
        }

        // Ending far worse than the untrained network is divergence that stayed finite (e.g. RMSprop at lr 1: 2.3 -> 1,500).
        bool hasInitial = double.IsFinite(initialLoss) && initialLoss > 0;
        if (trainTrend != Trend.Falling && hasInitial
            && LateMeanLog(train, floor: 0) - Math.Log(initialLoss) > AnalysisThresholds.DivergeRiseLog)
        {
            return Diagnoses.Diverging;
        }

        bool valRoseFromBest = val.Length >= 2 && RiseFromBest(val) > AnalysisThresholds.OverfitValRiseLog;
        if (valTrend == Trend.Rising || (trainTrend == Trend.Falling && valTrend == Trend.Flat) || valRoseFromBest)
        {
            return Diagnoses.Overfitting;
        }

        // A model stuck far above the target (often at chance level) has not converged: it stopped learning.
        if (trainTrend != Trend.Falling && IsStalled(train, targetLoss, hasInitial ? initialLoss : double.NaN))
        {
            return Diagnoses.Stalled;
        }

        // Train rising while validation does not is mini-batch noise on a plateau: read as flat.
        return (trainTrend, valTrend) switch
        {
            (Trend.Falling, _) => Diagnoses.StillLearning,
            (_, Trend.Falling) => Diagnoses.SuspectData,
            _ => Diagnoses.Converged,
        };
    }

    /// <summary>The trend of a loss series in evaluation order; non-finite values are skipped.</summary>
    public static Trend TrendOf(IReadOnlyList<double> losses)
    {
        double change = TrendChange(losses);
        return double.IsNaN(change) ? Trend.Unknown
            : change < -AnalysisThresholds.FlatLogChange ? Trend.Falling
            : change > AnalysisThresholds.FlatLogChange ? Trend.Rising
            : Trend.Flat;
    }

    /// <summary>
    /// Mean log loss of the trend window's second half minus its first half (NaN with fewer than two
    /// finite points). Means over half-windows, so one lucky mini-batch does not set the scale.
    /// </summary>
    private static double TrendChange(IReadOnlyList<double> losses)
    {
        var finite = losses.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return double.NaN;
        }

        double floor = AnalysisThresholds.TrendLossFloor * Math.Abs(finite[0]);
        int window = WindowSize(finite.Length);
        int start = finite.Length - window;
        int half = window / 2;
        double early = MeanLog(finite, start, half, floor);
        double late = MeanLog(finite, start + half, window - half, floor);
        return late - early;
    }

    /// <summary>Log ratio of the mean of the last trend window's second half to the best loss of the series.</summary>
    private static double RiseFromBest(double[] losses)
    {
        var finite = losses.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return 0;
        }

        double floor = AnalysisThresholds.TrendLossFloor * Math.Abs(finite[0]);
        return LateMeanLog(finite, floor) - Math.Log(finite.Min() + floor);
    }

    /// <summary>
    /// The loss level the run ended at is more than StallTargetRatio times the target and more than StallStartFraction
    /// of where it started: its initial loss, or without one the median of its first third (robust to one early spike).
    /// Levels carry no floor: they are compared with the target's level, and a floor scaled by a huge first loss would lift them.
    /// </summary>
    private static bool IsStalled(double[] losses, double targetLoss, double initialLoss)
    {
        var finite = losses.Where(double.IsFinite).ToArray();
        if (finite.Length == 0 || !double.IsFinite(targetLoss) || targetLoss <= 0)
        {
            return false;
        }

        double late = LateMeanLog(finite, floor: 0);
        double start = double.IsFinite(initialLoss)
            ? initialLoss
            : Statistics.Median([.. finite.Take(Math.Max(1, finite.Length / 3)).Order()]);
        return late - Math.Log(targetLoss) > Math.Log(AnalysisThresholds.StallTargetRatio)
            && late - Math.Log(start) > Math.Log(AnalysisThresholds.StallStartFraction);
    }

    /// <summary>Mean log loss (plus floor) of the last trend window's second half of the finite losses.</summary>
    private static double LateMeanLog(double[] finite, double floor)
    {
        int window = WindowSize(finite.Length);
        int lateCount = window - window / 2;
        return MeanLog(finite, finite.Length - lateCount, lateCount, floor);
    }

    private static int WindowSize(int points) => points <= AnalysisThresholds.TrendWindowMinPoints
        ? points
        : Math.Max(AnalysisThresholds.TrendWindowMinPoints, (int)Math.Ceiling(points * AnalysisThresholds.TrendWindowFraction));

    private static double MeanLog(double[] values, int start, int count, double floor)
    {
        double sum = 0;
        for (int i = start; i < start + count; i++)
        {
            sum += Math.Log(Math.Max(values[i], 0) + floor + double.Epsilon);
        }

        return sum / count;
    }
}

using System.Globalization;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>What one trial's curves measured, and the diagnosis that follows from it.</summary>
/// <param name="Diagnosis">One of <see cref="Diagnoses.All"/>.</param>
/// <param name="ChanceLoss">The chance-level loss the run is compared with (the recorded one, else the initial loss).</param>
/// <param name="InitialLoss">Loss before any update (the first point's when not recorded); NaN when unknown.</param>
/// <param name="BestLoss">Lowest train loss at an evaluation point.</param>
/// <param name="FinalLoss">Robust end of the train curve: median of the last fifth of the points (at least 3).</param>
/// <param name="Train">Trend of the train loss over the last window, against the progress made.</param>
/// <param name="Val">Trend of the validation loss over the last window; unknown without a split.</param>
/// <param name="BlowUpRatio">Largest point / the level the curve had reached before it (1 when the curve never rose; see <see cref="BlowUpTest"/>).</param>
/// <param name="Evidence">The numbers the diagnosis rests on, in one line a person can check against the curve.</param>
public sealed record CurveReading(
    string Diagnosis, double ChanceLoss, double InitialLoss, double BestLoss, double FinalLoss,
    TrendReading Train, TrendReading Val, double BlowUpRatio, string Evidence);

/// <summary>
/// The practitioners' reading of train and validation curves, as one documented decision procedure. Levels are
/// measured against the trial's reference levels (chance-level loss, initial loss, best loss, robust final loss);
/// trends over the last window with <see cref="TrendTest"/>, against the progress made, so noise, scale and a slow
/// tail do not flip them. Trends are of the log loss (relative changes, as on a log-scale plot), measured against the
/// log of how far the run came from the chance level. The first rule that holds gives the diagnosis:
/// <list type="number">
/// <item>status failed: <see cref="Diagnoses.Failed"/>;</item>
/// <item>status diverged or a non-finite train loss (for a pruned trial too: it had diverged before the stop):
///   <see cref="Diagnoses.Diverged"/>;</item>
/// <item>status pruned: <see cref="Diagnoses.Pruned"/>, with the rule and its reason; the rules below read the end of
///   a curve, and a pruned curve ends where the stopping rule cut it, not where training would have ended;</item>
/// <item>train rising over the window, and the robust end at least <see cref="AnalysisThresholds.DivergingFactor"/> times
///   the best loss: <see cref="Diagnoses.Diverging"/>;</item>
/// <item>a blow-up (<see cref="BlowUpTest"/>: a point at least <see cref="AnalysisThresholds.BlowUpFactor"/> times the level
///   the curve had reached, the initial loss included, <see cref="AnalysisThresholds.BlowUpChanceFraction"/> of chance above
///   it and <see cref="AnalysisThresholds.BlowUpNoiseUnits"/> noise units above it), a robust end that gave
///   back <see cref="AnalysisThresholds.GiveBackFraction"/> of the progress made below the start, or a robust end above
///   <see cref="AnalysisThresholds.EndedAboveStartFactor"/> times the larger of the initial and chance-level loss:
///   <see cref="Diagnoses.Unstable"/>;</item>
/// <item>robust end not below <see cref="AnalysisThresholds.LearnedFraction"/> of the chance-level loss or of the initial
///   loss: <see cref="Diagnoses.Stalled"/>;</item>
/// <item>validation rising with its robust end <see cref="AnalysisThresholds.OverfitValRiseLog"/> above its best (or
///   <see cref="AnalysisThresholds.OverfitValGiveBackFraction"/> of its log progress below chance, where that is less),
///   or climbing steadily that far since a best at least a trend window before the end, or the train/validation gap
///   growing over the window by <see cref="AnalysisThresholds.OverfitGapGrowth"/> of the best validation loss (plus the
///   trend floor) while validation is not falling: <see cref="Diagnoses.Overfitting"/>;</item>
/// <item>train falling, or validation falling while train is flat: <see cref="Diagnoses.StillLearning"/> (the train loss
///   is the mean batch loss, in batchnorm's train mode, so it can sit at its noise level while the validation loss
///   still improves: more steps would help);</item>
/// <item>otherwise (learned, flat): <see cref="Diagnoses.Converged"/>.</item>
/// </list>
/// </summary>
public static class CurveDiagnostics
{
    public static string Diagnose(TrialData trial) => Read(trial).Diagnosis;

    public static CurveReading Read(TrialData trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return Read(trial.Status, trial.Curve, trial.Summary, StopDescription(trial));
    }

    /// <summary>"race: cap 450 steps ..." from a pruned trial's stop_rule and stop_reason; "unknown rule" when the row lacks them.</summary>
    public static string StopDescription(TrialData trial) =>
        (trial.StopRule ?? "unknown rule") + (string.IsNullOrWhiteSpace(trial.StopReason) ? "" : ": " + trial.StopReason);

    /// <param name="stop">For a pruned trial, the rule and reason that stopped it (evidence text); ignored otherwise.</param>
    public static CurveReading Read(TrialStatus status, IReadOnlyList<EvalPoint> curve, TrialSummary summary, string? stop = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(summary);
        var train = curve.Select(p => p.TrainLoss).ToArray();
        double initial = summary.InitialTrainLoss is { } i && double.IsFinite(i) ? i : train.Length > 0 ? train[0] : double.NaN;
        double chance = summary.ChanceLoss is { } c && double.IsFinite(c) && c > 0 ? c : initial;
        var none = new TrendReading(Trend.Unknown, 0, 0, 0);
        if (status == TrialStatus.Failed)
        {
            return new CurveReading(Diagnoses.Failed, chance, initial, double.NaN, double.NaN, none, none, 1, "the trial failed");
        }

        if (status == TrialStatus.Pruned && train.All(double.IsFinite))
        {
            string end = train.Length > 0
                ? FormattableString.Invariant($"; train {initial:G3} -> {train[^1]:G3} (best {train.Min():G3}, chance {chance:G3}) by then")
                : "";
            return new CurveReading(Diagnoses.Pruned, chance, initial, train.Length > 0 ? train.Min() : double.NaN,
                train.Length > 0 ? RobustEnd(train) : double.NaN, none, none, 1,
                $"pruned at step {summary.StepsRun} by {stop ?? "the stopping rule"}{end}");
        }

        if (status == TrialStatus.Diverged || train.Any(v => !double.IsFinite(v)) || train.Length == 0)
        {
            string where = summary.DivergedAtStep is { } step ? $" at step {step}" : "";
            string beforeStop = status == TrialStatus.Pruned ? $"; it had diverged before it was pruned at step {summary.StepsRun}" : "";
            return new CurveReading(Diagnoses.Diverged, chance, initial, double.NaN, double.NaN, none, none, 1, $"non-finite loss{where}{beforeStop}");
        }

        double best = train.Min();
        double final = double.IsFinite(summary.FinalTrainLossMedian) ? summary.FinalTrainLossMedian : RobustEnd(train);
        double floor = AnalysisThresholds.TrendFloorFraction * chance;
        var trainTrend = TrendTest.Of(TrendTest.Window(Logs(train, floor)), LogProgress(chance, final, floor));
        var val = curve.Select(p => p.ValLoss).Where(double.IsFinite).ToArray();
        double valBest = val.Length > 0 ? val.Min() : double.NaN;
        var valTrend = val.Length >= 2 ? TrendTest.Of(TrendTest.Window(Logs(val, floor)), LogProgress(chance, valBest, floor)) : none;
        var blowUpReading = BlowUpTest.Read(train, initial, chance, [.. curve.Select(p => p.ValLoss)]);
        double blowUp = blowUpReading.Ratio;
        bool blewUp = blowUpReading.BlewUp;
        bool gaveBack = GaveBack(best, final, Math.Min(chance, double.IsFinite(initial) ? initial : chance));

        string Evidence(string why) =>
            FormattableString.Invariant($"train {initial:G3} -> {final:G3} (best {best:G3}, chance {chance:G3}); last window {Describe(trainTrend)}")
            + (val.Length > 0 ? FormattableString.Invariant($"; val best {valBest:G3}, {Describe(valTrend)}") : "") + $"; {why}";
        CurveReading Result(string diagnosis, string why) =>
            new(diagnosis, chance, initial, best, final, trainTrend, valTrend, blowUp, Evidence(why));

        if (trainTrend.Direction == Trend.Rising && final >= AnalysisThresholds.DivergingFactor * best)
        {
            return Result(Diagnoses.Diverging, "rising at the end, far above its best");
        }

        double start = Math.Max(double.IsFinite(initial) ? initial : chance, chance);
        if (blewUp || gaveBack || final > AnalysisThresholds.EndedAboveStartFactor * start)
        {
            return Result(Diagnoses.Unstable,
                blewUp ? blowUpReading.Description
                : gaveBack ? "gave back most of what it had learned"
                : "ended above where it started");
        }

        bool belowChance = final < AnalysisThresholds.LearnedFraction * chance;
        bool belowStart = !double.IsFinite(initial) || final < AnalysisThresholds.LearnedFraction * initial;
        if (!belowChance || !belowStart)
        {
            return Result(Diagnoses.Stalled, !belowChance ? "never clearly below the chance level" : "barely below its initial loss");
        }

        if (val.Length >= 2 && IsOverfitting(curve, val, floor, LogProgress(chance, valBest, floor), valTrend, out string why))
        {
            return Result(Diagnoses.Overfitting, why);
        }

        return (trainTrend.Direction, valTrend.Direction) switch
        {
            (Trend.Falling, _) => Result(Diagnoses.StillLearning, "train still falling"),
            (_, Trend.Falling) => Result(Diagnoses.StillLearning, "validation still falling (train flat)"),
            _ => Result(Diagnoses.Converged, "learned and flat"),
        };
    }

    /// <summary>
    /// ln(loss + floor): trends are read as relative changes, as on a log-scale plot, except that losses far below the
    /// chance level (under the floor, a small fraction of it) count as at the floor: 9e-4 falling to 4e-4 from a start
    /// near 1 is a converged run, not one still learning.
    /// </summary>
    private static double[] Logs(IEnumerable<double> losses, double floor) => [.. losses.Select(v => Math.Log(Math.Max(v, 0) + floor + 1e-300))];

    /// <summary>
    /// How far a curve came, in the same log units: ln(chance + floor) - ln(end + floor), at least ln 1.05 so a run that
    /// made no progress still has a scale. A trend must move a fraction of this to count.
    /// </summary>
    private static double LogProgress(double chance, double end, double floor) =>
        Math.Max(Math.Log(chance + floor) - Math.Log(Math.Max(end, 0) + floor + 1e-300), Math.Log(1.05));

    /// <summary>
    /// The run had learned (its best clearly below its reference, the lower of chance and initial loss) and gave back at
    /// least <see cref="AnalysisThresholds.GiveBackFraction"/> of that progress: its robust end sits that far back above its best.
    /// </summary>
    private static bool GaveBack(double best, double final, double reference) =>
        best < AnalysisThresholds.LearnedFraction * reference && final - best >= AnalysisThresholds.GiveBackFraction * (reference - best);

    /// <summary>
    /// The end of a curve without its mini-batch noise: the engine's own final-median window (<see cref="FinalLoss.Median"/>,
    /// the definition of final_train_loss_median), so results recorded before the engine stored it read the same.
    /// </summary>
    public static double RobustEnd(IReadOnlyList<double> losses) => FinalLoss.Median(losses);

    /// <summary>
    /// Validation rising well above its best, or the train/validation gap growing while validation does not fall. Gap
    /// growth is measured against the best validation loss plus the trend <paramref name="floor"/>: when both losses are
    /// far below chance (a thousandth of it), a gap growing from 0.0002 to 0.0008 is no more overfitting than their trends
    /// are learning.
    /// </summary>
    private static bool IsOverfitting(IReadOnlyList<EvalPoint> curve, double[] val, double floor, double valLogProgress, TrendReading valTrend, out string why)
    {
        double valBest = val.Min();
        double valScale = valBest + floor;
        double valEnd = RobustEnd(val);
        double rise = Math.Min(AnalysisThresholds.OverfitValRiseLog, AnalysisThresholds.OverfitValGiveBackFraction * valLogProgress);
        if (valTrend.Direction == Trend.Rising && Math.Log(valEnd / valBest) >= rise)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"validation rising, {valEnd:G3} against its best {valBest:G3}");
            return true;
        }

        // A slow, steady climb from a best at least a trend window before the end: the last window alone moves too little
        // to count, but the points since the best, taken together, rise (Mann-Kendall from the point after the best, so
        // the lucky low itself does not make the rest look higher), and the end sits that far above the best (on the
        // floored scale, so a wobble far below chance is no climb).
        int bestAt = Array.IndexOf(val, valBest);
        var sinceBest = val.Skip(bestAt + 1).ToArray();
        if (sinceBest.Length >= TrendTest.Window(val).Length && Math.Log((valEnd + floor) / valScale) >= rise
            && TrendTest.MannKendallZ(TrendTest.Blocks(sinceBest)) >= AnalysisThresholds.TrendZ)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"validation climbing since its best {valBest:G3} (point {bestAt + 1}) to {valEnd:G3}");
            return true;
        }

        var gap = curve.Where(p => double.IsFinite(p.ValLoss)).Select(p => p.ValLoss - p.TrainLoss).ToArray();
        var gapTrend = TrendTest.Of(TrendTest.Window(gap), valScale);
        if (valTrend.Direction != Trend.Falling && gapTrend.Direction == Trend.Rising
            && gapTrend.Change >= AnalysisThresholds.OverfitGapGrowth * valScale)
        {
            why = string.Create(CultureInfo.InvariantCulture, $"train/validation gap grew by {gapTrend.Change:G3} over the window");
            return true;
        }

        why = "";
        return false;
    }

    private static string Describe(TrendReading trend) => string.Create(CultureInfo.InvariantCulture,
        $"{trend.Direction.ToString().ToLowerInvariant()} (z {trend.Z:0.0}, log change {trend.RelativeChange:P0} of the log progress)");
}

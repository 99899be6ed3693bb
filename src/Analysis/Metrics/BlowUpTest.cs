namespace Sweep.Analysis;

/// <summary>How far a curve jumped above the level it had reached, and whether some jump was a blow-up.</summary>
/// <param name="BlewUp">Some point passed the tests of <see cref="BlowUpTest"/>.</param>
/// <param name="Ratio">Largest point / the level before it (1 when the curve never rose above its level).</param>
/// <param name="Description">The first blow-up in words, with the numbers it rests on ("" when none).</param>
public readonly record struct BlowUpReading(bool BlewUp, double Ratio, string Description);

/// <summary>
/// A blow-up as a practitioner sees one on a loss plot: a jump far above the level the curve had reached, beyond the
/// curve's own mini-batch noise. The recorded train loss is the mean batch loss between evaluation points, so a curve
/// near its end wobbles by a factor of several when batches are small, windows a few steps long, or batchnorm's
/// train-mode loss is read (the quickstart demo's batchnorm + adam run goes 0.04 -> 0.27 -> 0.10 while its validation
/// loss stays at 0.02-0.07); measuring a point against the luckiest batch so far calls that noise a blow-up.
/// <para>The curve is the initial loss (before any update, when known) followed by the evaluation points. Point t blows up when</para>
/// <list type="number">
/// <item>it is at least <see cref="AnalysisThresholds.BlowUpFactor"/> times the level before it: the running minimum of
///   the 3-point running median (a single lucky window does not lower the level; the initial loss alone is the level
///   of the first point, which is how a blow-up in the first steps shows);</item>
/// <item>it is <see cref="AnalysisThresholds.BlowUpChanceFraction"/> of the chance-level loss above that level (noise near
///   zero is not a blow-up, a collapse toward chance is);</item>
/// <item>on a log scale it lies at least <see cref="AnalysisThresholds.BlowUpNoiseUnits"/> noise units above the median of the
///   <see cref="AnalysisThresholds.BlowUpNoiseWindow"/> points before it (where the curve has been wobbling), a unit being
///   one point's noise there, read from the point-to-point log changes on both sides of it (<see cref="Noise"/>). With
///   fewer than <see cref="AnalysisThresholds.BlowUpNoiseMinChanges"/> changes to read it from, and for the first point
///   after the initial loss, tests 1 and 2 decide.</item>
/// </list>
/// A jump within the train curve's noise still counts when the validation loss, which has no batch noise (the whole
/// split, in eval mode), jumped at the same evaluation point: both losses at least <see cref="AnalysisThresholds.BlowUpFactor"/>
/// times their running minimum and <see cref="AnalysisThresholds.BlowUpChanceFraction"/> of chance above it. (Validation
/// alone cannot decide the general case: a blow-up in the first steps has often recovered by the first evaluation, and a
/// validation loss that climbs while train falls is overfitting, not a blow-up.) One validation reading decides alone:
/// after validation had clearly learned (its best at most <see cref="AnalysisThresholds.LearnedFraction"/> of chance), it
/// jumps in one evaluation to at least <see cref="AnalysisThresholds.BlowUpFactor"/> times its previous point,
/// <see cref="AnalysisThresholds.BlowUpChanceFraction"/> of chance above it, and clearly above the chance level (by that
/// fraction too): the network is suddenly worse on held-out data than predicting the label frequencies (or the target
/// mean), which only a blow-up does in one step (overfitting climbs there gradually), whatever the mean train loss hid.
/// Logs are of loss + <see cref="AnalysisThresholds.TrendFloorFraction"/> of chance, as the trends read them.
/// </summary>
public static class BlowUpTest
{
    /// <summary>
    /// Reads <paramref name="train"/> (finite values in evaluation order) against <paramref name="initial"/> (NaN when
    /// unknown); <paramref name="val"/>, when given, holds the validation loss at the same points (NaN where none).
    /// </summary>
    public static BlowUpReading Read(IReadOnlyList<double> train, double initial, double chance, IReadOnlyList<double>? val = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        bool hasInitial = double.IsFinite(initial);
        int offset = hasInitial ? 1 : 0;
        var values = new double[train.Count + offset];
        if (hasInitial)
        {
            values[0] = initial;
        }

        for (int i = 0; i < train.Count; i++)
        {
            values[i + offset] = train[i];
        }

        double floor = AnalysisThresholds.TrendFloorFraction * chance;
        var logs = values.Select(v => Math.Log(Math.Max(v, 0) + floor + 1e-300)).ToArray();
        double maxRatio = 1;
        string description = "";
        double level = double.PositiveInfinity, runningMin = double.PositiveInfinity, valMin = double.PositiveInfinity, valLast = double.NaN;
        for (int t = 1; t < values.Length; t++)
        {
            level = Math.Min(level, Median3(logs, t - 1));
            runningMin = Math.Min(runningMin, values[t - 1]);
            double levelLoss = Math.Exp(level) - floor;
            double ratio = levelLoss > 0 ? values[t] / levelLoss : double.PositiveInfinity;
            maxRatio = Math.Max(maxRatio, ratio);
            double valNow = val is not null && t - offset < val.Count ? val[t - offset] : double.NaN;
            double valBefore = valMin, valPrevious = valLast;
            if (double.IsFinite(valNow))
            {
                valMin = Math.Min(valMin, valNow);
                valLast = valNow;
            }

            if (description.Length > 0)
            {
                continue;
            }

            // the first point after the initial loss is judged against it alone: a mean over the first steps far above the
            // loss before any update is a blow-up in those steps, whatever the noise later in the run
            double noise = hasInitial && t == 1 ? 0 : Noise(logs, t);
            double units = noise > 0 ? (logs[t] - Center(logs, t)) / noise : 0;
            int point = t - offset + 1;
            if (logs[t] - level >= Math.Log(AnalysisThresholds.BlowUpFactor)
                && values[t] - levelLoss >= AnalysisThresholds.BlowUpChanceFraction * chance
                && (noise == 0 || units >= AnalysisThresholds.BlowUpNoiseUnits))
            {
                description = noise == 0
                    ? FormattableString.Invariant($"blew up at point {point} to {ratio:G3}x the level it had reached")
                    : FormattableString.Invariant($"blew up at point {point} to {ratio:G3}x the level it had reached, {units:0.#} noise units above where it had been");
            }
            else if (IsJump(values[t], runningMin, chance) && double.IsFinite(valNow) && IsJump(valNow, valBefore, chance))
            {
                description = FormattableString.Invariant(
                    $"jumped at point {point} to {values[t] / runningMin:G3}x its running minimum, within its batch noise, while validation jumped to {valNow / valBefore:G3}x its own");
            }
            else if (double.IsFinite(valNow) && double.IsFinite(valPrevious)
                && valNow >= (1 + AnalysisThresholds.BlowUpChanceFraction) * chance
                && valBefore <= AnalysisThresholds.LearnedFraction * chance && IsJump(valNow, valPrevious, chance))
            {
                description = FormattableString.Invariant(
                    $"validation jumped at point {point} from {valPrevious:G3} to {valNow:G3}, above the chance level {chance:G3}, after reaching {valBefore:G3}");
            }
        }

        return new BlowUpReading(description.Length > 0, maxRatio, description);
    }

    /// <summary>At least <see cref="AnalysisThresholds.BlowUpFactor"/> times <paramref name="before"/> and <see cref="AnalysisThresholds.BlowUpChanceFraction"/> of chance above it.</summary>
    private static bool IsJump(double value, double before, double chance) =>
        double.IsFinite(before) && value >= AnalysisThresholds.BlowUpFactor * before
        && value - before >= AnalysisThresholds.BlowUpChanceFraction * chance;

    /// <summary>Median of the log values of the <see cref="AnalysisThresholds.BlowUpNoiseWindow"/> points before <paramref name="t"/>: where the curve has been wobbling.</summary>
    private static double Center(IReadOnlyList<double> logs, int t)
    {
        int first = Math.Max(0, t - AnalysisThresholds.BlowUpNoiseWindow);
        var window = logs.Skip(first).Take(t - first).ToArray();
        Array.Sort(window);
        return Statistics.Median(window);
    }

    /// <summary>Median of the log values at <paramref name="t"/> and up to two points before it.</summary>
    private static double Median3(double[] logs, int t)
    {
        if (t == 0)
        {
            return logs[0];
        }

        if (t == 1)
        {
            return (logs[0] + logs[1]) / 2;
        }

        double a = logs[t - 2], b = logs[t - 1], c = logs[t];
        return Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
    }

    /// <summary>
    /// Robust standard deviation of one point's log value about the curve, from the point-to-point changes of the
    /// <see cref="AnalysisThresholds.BlowUpNoiseWindow"/> points on each side of <paramref name="t"/> (the two changes into
    /// and out of t left out). The spread is read on the central three quarters of the changes: the 75th percentile of
    /// their distance from the median change (so a steady descent is not noise), which is 1.15 standard deviations for
    /// normal noise. Mean batch losses have heavier tails than normal (one unlucky batch in a short window), and the
    /// median absolute deviation, which reads only the central half, understates them. Changes of two independent points
    /// spread sqrt 2 times one point's noise. Both sides of t, because the diagnosis reads a finished run as a person
    /// reads its whole plot: a jump early in a noisy run is judged by the noise the run shows, not by the few points
    /// before it. 0 when fewer than <see cref="AnalysisThresholds.BlowUpNoiseMinChanges"/> changes are left.
    /// </summary>
    private static double Noise(IReadOnlyList<double> logs, int t)
    {
        var changes = new List<double>();
        for (int u = Math.Max(1, t - AnalysisThresholds.BlowUpNoiseWindow); u <= Math.Min(logs.Count - 1, t + AnalysisThresholds.BlowUpNoiseWindow); u++)
        {
            if (u != t && u != t + 1 && double.IsFinite(logs[u]) && double.IsFinite(logs[u - 1]))
            {
                changes.Add(logs[u] - logs[u - 1]);
            }
        }

        if (changes.Count < AnalysisThresholds.BlowUpNoiseMinChanges)
        {
            return 0;
        }

        changes.Sort();
        double median = Statistics.Median(changes.ToArray());
        var deviations = changes.Select(d => Math.Abs(d - median)).Order().ToArray();
        double q75 = deviations[(int)Math.Ceiling(0.75 * deviations.Length) - 1];
        return q75 / 1.15 / Math.Sqrt(2);
    }
}

using System.Globalization;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>The train loss counted as reached for the trials of one data key, and where it came from.</summary>
/// <param name="Loss">The target; NaN when no trial of that data can give one.</param>
/// <param name="Source">"options", "spec" or "derived".</param>
/// <param name="Explanation">One sentence for the ranking output and the report: how the target was set.</param>
public sealed record TargetLoss(double Loss, string Source, string Explanation);

/// <summary>
/// The train loss a trial must reach (and hold) to count as converged. Losses of different datasets cannot be
/// compared, so trials that train on the same data (<see cref="DataKey"/>) share a target: the options' target wins,
/// then a target_loss every trial of that data shares (the spec's), else a derived one that means something on any
/// data: <see cref="AnalysisThresholds.TargetProgressFraction"/> of the way from the chance-level loss down to the best
/// robust final loss among configurations that learned (the median over each configuration's seeds). A lone
/// configuration therefore has to get 80 % of the way to its own best, not merely reach its own end.
/// </summary>
public static class TargetLossRule
{
    /// <summary>The fields that define the data a trial trains on.</summary>
    public static readonly IReadOnlyList<string> DataFields =
        ["dataset", "dataset_path", "label_column", "samples", "classes", "features", "noise", "ill_scaled", "val_fraction"];

    public static string DataKey(TrialConfig config) =>
        string.Join("|", DataFields.Select(name => ConfigField.Format(ConfigSchema.Find(name)!.Get(config))));

    /// <summary>Target per data key, from the trials and their curve readings (same order).</summary>
    public static IReadOnlyDictionary<string, TargetLoss> Targets(IReadOnlyList<TrialData> trials, IReadOnlyList<CurveReading> readings, double? fixedTarget)
    {
        var targets = new Dictionary<string, TargetLoss>(StringComparer.Ordinal);
        foreach (var group in Enumerable.Range(0, trials.Count).GroupBy(i => DataKey(trials[i].Config), StringComparer.Ordinal))
        {
            var members = group.ToList();
            targets[group.Key] = fixedTarget is { } given
                ? new TargetLoss(given, "options", Invariant($"target {given:G4} given by the caller"))
                : SharedConfigTarget(members.Select(i => trials[i])) is { } shared
                    ? new TargetLoss(shared, "spec", Invariant($"target {shared:G4} from the spec's target_loss"))
                    : Derived(members.Select(i => (trials[i], readings[i])).ToList());
        }

        return targets;
    }

    private static double? SharedConfigTarget(IEnumerable<TrialData> trials)
    {
        var distinct = trials.Select(t => t.Config.TargetLoss).Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    private static TargetLoss Derived(List<(TrialData Trial, CurveReading Reading)> trials)
    {
        var learned = trials.Where(t => Diagnoses.Learned(t.Reading.Diagnosis) && double.IsFinite(t.Reading.FinalLoss)).ToList();
        var chances = trials.Select(t => t.Reading.ChanceLoss).Where(double.IsFinite).Order().ToArray();
        if (learned.Count == 0 || chances.Length == 0)
        {
            return new TargetLoss(double.NaN, "derived", "no configuration learned, so no target can be derived: set target_loss in the spec");
        }

        double chance = Statistics.Median(chances);
        double best = learned
            .GroupBy(t => ConfigWithoutSeed(t.Trial.Config), StringComparer.Ordinal)
            .Select(g => Statistics.Median([.. g.Select(t => t.Reading.FinalLoss).Order()]))
            .Min();
        double target = chance - AnalysisThresholds.TargetProgressFraction * (chance - best);
        return new TargetLoss(target, "derived", Invariant(
            $"target {target:G4} derived: {AnalysisThresholds.TargetProgressFraction:P0} of the way from the chance-level loss {chance:G4} to the best final loss {best:G4} of the configurations that learned"));
    }

    /// <summary>The canonical config with seed 0: the key of a configuration across its seeds.</summary>
    internal static string ConfigWithoutSeed(TrialConfig config) =>
        string.Join("|", ConfigSchema.Fields.Where(f => f.Name != "seed").Select(f => ConfigField.Format(f.Get(config))));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis;

/// <summary>
/// The train loss a trial must reach to count as converged, when neither the options nor the spec
/// name one. Losses of different datasets cannot be compared, so trials that train on the same
/// data (<see cref="DataKey"/>) share a target: the median final train loss of the best
/// <see cref="AnalysisThresholds.TargetBestFraction"/> of their non-diverged trials (at least one
/// trial), times <see cref="AnalysisThresholds.TargetMargin"/>: a loss that good runs reach and
/// most others reach late or not at all. The margin keeps runs that settle on the same plateau
/// from missing it by noise.
/// </summary>
public static class TargetLossRule
{
    /// <summary>The fields that define the data a trial trains on.</summary>
    public static readonly IReadOnlyList<string> DataFields =
        ["dataset", "dataset_path", "label_column", "samples", "classes", "features", "noise", "ill_scaled", "val_fraction"];

    public static string DataKey(TrialConfig config) =>
        string.Join("|", DataFields.Select(name => ConfigField.Format(ConfigSchema.Find(name)!.Get(config))));

    /// <summary>
    /// Target per data key. <paramref name="fixedTarget"/> (options or spec) wins; then a target_loss
    /// every trial of that data shares; else the rule above. NaN when no trial of that data finished.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Targets(IEnumerable<TrialData> trials, double? fixedTarget)
    {
        var targets = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var group in trials.GroupBy(t => DataKey(t.Config), StringComparer.Ordinal))
        {
            targets[group.Key] = fixedTarget ?? SharedConfigTarget(group) ?? Derived(group);
        }

        return targets;
    }

    private static double? SharedConfigTarget(IEnumerable<TrialData> trials)
    {
        var distinct = trials.Select(t => t.Config.TargetLoss).Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    private static double Derived(IEnumerable<TrialData> trials)
    {
        var finals = trials
            .Where(t => t.Status == TrialStatus.Completed && double.IsFinite(t.Summary.FinalTrainLoss))
            .Select(t => t.Summary.FinalTrainLoss)
            .Order()
            .ToArray();
        if (finals.Length == 0)
        {
            return double.NaN;
        }

        int best = Math.Max(1, (int)Math.Ceiling(finals.Length * AnalysisThresholds.TargetBestFraction));
        return AnalysisThresholds.TargetMargin * Statistics.Median(finals.AsSpan(0, best));
    }
}

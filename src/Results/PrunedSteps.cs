using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Results;

/// <summary>
/// The training steps a run folder's pruned trials did not take: for each, its budget minus its steps_run. A budget in
/// steps is the config's; a budget in epochs depends on the dataset's size, so it is read from the trials that ran it
/// fully: the most steps a completed trial with the same data, batch size and epochs ran (0 saved when none did). Steps
/// trained again (<c>steps_rerun</c>, asha's sync mode) count against the savings, which can then be negative.
/// </summary>
public static class PrunedSteps
{
    public static long Saved(IEnumerable<TrialRow> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var rows = trials.ToList();
        var fullRuns = rows
            .Where(t => t.Status == TrialStatus.Completed && t.Config.Epochs > 0)
            .GroupBy(t => EpochBudgetKey(t.Config))
            .ToDictionary(g => g.Key, g => g.Max(t => t.Summary.StepsRun));
        long saved = 0;
        foreach (var trial in rows.Where(t => t.Status == TrialStatus.Pruned))
        {
            long budget = trial.Config.Epochs == 0 ? trial.Config.Steps : fullRuns.GetValueOrDefault(EpochBudgetKey(trial.Config));
            saved += Math.Max(0, budget - trial.Summary.StepsRun);
        }

        // Steps trained again (asha's sync mode re-runs promoted trials from step 0) are spent, not saved.
        return saved - rows.Sum(t => t.StepsRerun);
    }

    private static string EpochBudgetKey(TrialConfig config) =>
        $"{config.Dataset}|{config.DatasetPath}|{config.Samples}|{config.ValFraction}|{config.BatchSize}|{config.Epochs}";
}

using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Counts the trials committed as pruned and the training steps they saved: each one's budget minus the steps it ran.
/// A budget in steps is the config's; a budget in epochs is what the worker reported with the trial's points.
/// </summary>
internal sealed class PrunedAccounting
{
    private readonly Dictionary<TrialId, long> _budgets = [];

    public long Count { get; private set; }

    public long StepsSaved { get; private set; }

    /// <summary>A running trial's budget in steps, as its worker reported it.</summary>
    public void Budget(TrialId trial, long totalSteps) => _budgets[trial] = totalSteps;

    /// <summary>A trial committed with another status: its budget is no longer needed.</summary>
    public void Forget(TrialId trial) => _budgets.Remove(trial);

    public void Committed(TrialId trial, TrialConfig config, long stepsRun)
    {
        long budget = _budgets.Remove(trial, out long reported) ? reported : config.Epochs == 0 ? config.Steps : stepsRun;
        Count++;
        StepsSaved += Math.Max(0, budget - stepsRun);
    }
}

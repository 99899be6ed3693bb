using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// The stopping decider a run starts with: on resume, every committed trial of the folder (pruned ones included: they
/// are never rerun) is replayed into it with its curve, so decisions continue from the state the earlier run left.
/// </summary>
internal static class StoppingReplay
{
    /// <param name="committedCount">Trials the folder holds; none: nothing to replay.</param>
    /// <param name="rerun">Failed trials this run runs again: they are fed when they end, not replayed.</param>
    public static StoppingDecider? Decider(SweepSpec spec, RunFolder folder, int committedCount, IReadOnlySet<TrialId> rerun)
    {
        var decider = StoppingDecider.For(spec);
        if (decider is null || committedCount == 0)
        {
            return decider;
        }

        var reader = folder.CreateReader();
        var curves = reader.ReadCurves()
            .GroupBy(row => row.TrialId)
            .ToDictionary(g => g.Key, g => g.Select(row => row.Point).OrderBy(p => p.Step).ToList());
        // Trials in id order: the replayed state does not depend on the order files were written in.
        foreach (var trial in reader.ReadTrials().Where(t => !rerun.Contains(t.TrialId)).OrderBy(t => t.TrialId))
        {
            decider.Replay(trial.TrialId, trial.Config, trial.Status, curves.GetValueOrDefault(trial.TrialId) ?? []);
        }

        return decider;
    }
}

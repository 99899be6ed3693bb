using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// The stopping decider a run starts with: on resume, every committed trial of the folder (pruned ones included: they
/// are never rerun) is replayed into it with its curve, so decisions continue from the state the earlier run left.
/// </summary>
internal static class StoppingReplay
{
    public static StoppingDecider? Decider(SweepSpec spec, RunFolder folder, IReadOnlySet<TrialId> committed)
    {
        var decider = StoppingDecider.For(spec);
        if (decider is null || committed.Count == 0)
        {
            return decider;
        }

        var reader = folder.CreateReader();
        var curves = reader.ReadCurves()
            .GroupBy(row => row.TrialId)
            .ToDictionary(g => g.Key, g => g.Select(row => row.Point).OrderBy(p => p.Step).ToList());
        // Trials in id order: the replayed state does not depend on the order files were written in.
        foreach (var trial in reader.ReadTrials().OrderBy(t => t.TrialId))
        {
            decider.Replay(trial.TrialId, trial.Config, trial.Status, curves.GetValueOrDefault(trial.TrialId) ?? []);
        }

        return decider;
    }
}

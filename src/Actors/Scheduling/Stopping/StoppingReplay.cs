using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// The stopping decider a run starts with: on resume, every committed trial of the folder (pruned ones included: they
/// are never rerun) is replayed into it with its curve, so decisions continue from the state the earlier run left; the
/// synchronous rung mode's state is rebuilt the same way (<see cref="Sync"/>).
/// </summary>
internal static class StoppingReplay
{
    /// <param name="committedCount">Trials the folder holds; none: nothing to replay.</param>
    /// <param name="rerun">Failed trials this run runs again: they are fed when they end, not replayed.</param>
    /// <summary>Null for the synchronous rung mode (<see cref="Sync"/> decides there).</summary>
    public static StoppingDecider? Decider(SweepSpec spec, RunFolder folder, int committedCount, IReadOnlySet<TrialId> rerun)
    {
        var decider = IsSync(spec) ? null : StoppingDecider.For(spec);
        if (decider is null || committedCount == 0)
        {
            return decider;
        }

        // Trials in id order: the replayed state does not depend on the order files were written in.
        foreach (var (trial, curve) in Committed(folder, rerun).OrderBy(t => t.Trial.TrialId))
        {
            decider.Replay(trial.TrialId, trial.Config, trial.Status, curve);
        }

        return decider;
    }

    /// <summary>
    /// The synchronous rung mode's state for <paramref name="spec"/> (null when it does not run it): every trial of the
    /// spec registered, the committed ones (pruned included, failed ones this run reruns excluded) fed with their curves.
    /// </summary>
    /// <exception cref="ArgumentException">A trial's budget is in epochs (the spec parser refuses such a spec already).</exception>
    public static SyncRungs? Sync(SweepSpec spec, RunFolder folder, int committedCount, IReadOnlySet<TrialId> rerun)
    {
        if (!IsSync(spec))
        {
            return null;
        }

        var trials = DispatchOrder.For(spec).Select(config => new PendingTrial(TrialId.Of(config), config)).ToList();
        var committed = committedCount == 0
            ? new Dictionary<TrialId, IReadOnlyList<EvalPoint>>()
            : Committed(folder, rerun).ToDictionary(t => t.Trial.TrialId, t => (IReadOnlyList<EvalPoint>)t.Curve);
        return new SyncRungs(spec.Stopping, trials, committed);
    }

    private static bool IsSync(SweepSpec spec) => spec.Stopping is { Rule: StopRuleKind.Asha, Mode: RungMode.Sync };

    /// <summary>The folder's committed trials with their curves (ascending steps), less those this run reruns.</summary>
    private static IEnumerable<(TrialRow Trial, List<EvalPoint> Curve)> Committed(RunFolder folder, IReadOnlySet<TrialId> rerun)
    {
        var reader = folder.CreateReader();
        var curves = reader.ReadCurves()
            .GroupBy(row => row.TrialId)
            .ToDictionary(g => g.Key, g => g.Select(row => row.Point).OrderBy(p => p.Step).ToList());
        return reader.ReadTrials().Where(t => !rerun.Contains(t.TrialId)).Select(t => (t, curves.GetValueOrDefault(t.TrialId) ?? []));
    }
}

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Successive halving's rungs: <see cref="MinSteps"/> × <see cref="Eta"/>^k below a trial's budget; MinSteps 0 means
/// the budget / 100 (at least 1), as Optuna's min_resource="auto". Travels with an assignment so that the worker holds
/// its trial at each rung until the coordinator's verdict (<see cref="Protocol.SweepProtocol.AssignTrial"/>).
/// </summary>
public readonly record struct RungSchedule(long MinSteps, int Eta)
{
    /// <summary>The rungs of a trial of <paramref name="budget"/> steps, ascending, each below the budget.</summary>
    public IReadOnlyList<long> For(long budget)
    {
        var rungs = new List<long>();
        for (long rung = First(budget); rung < budget; rung = Next(rung))
        {
            rungs.Add(rung);
        }

        return rungs;
    }

    /// <summary>
    /// Whether a point at <paramref name="step"/>, after one at <paramref name="previousStep"/> (0 for the first), is a
    /// trial's first point at or after a rung: where the rule decides. Allocation-free (it runs on the training thread).
    /// </summary>
    public bool IsDecisionPoint(long previousStep, long step, long budget)
    {
        for (long rung = First(budget); rung < budget && rung <= step; rung = Next(rung))
        {
            if (rung > previousStep)
            {
                return true;
            }
        }

        return false;
    }

    private long First(long budget) => MinSteps > 0 ? MinSteps : Math.Max(1, budget / 100);

    private long Next(long rung) => rung > long.MaxValue / Eta ? long.MaxValue : rung * Eta;
}

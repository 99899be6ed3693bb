using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// A stopping rule replayed over the curves of a sweep that ran every trial to its budget: what the rule would have
/// run and stopped, without training anything. The engine is deterministic, so a trial's curve up to any step is the
/// full run's prefix; what a replay cannot know is the order results arrive in, so it fixes one: <paramref name="slots"/>
/// slots take trials in dispatch order (<see cref="DispatchOrder"/>), every step costs the same, and a running trial's
/// points reach the rule in the order of the step clock (ties: the earlier-dispatched trial first), each decided before
/// the trial trains on (as a worker held at the point would). Asynchronous rules see the order a real sweep with equal
/// per-step costs would produce; the synchronous rung mode's decisions do not depend on it at all.
/// </summary>
internal static class StoppingSimulation
{
    /// <summary>One trial of the full run: its configuration, status and complete curve (ascending steps).</summary>
    public sealed record Recorded(TrialConfig Config, TrialStatus Status, IReadOnlyList<EvalPoint> Curve);

    /// <summary>What the replayed rule did to one trial: the steps it ran and, when stopped, why.</summary>
    public sealed record Outcome(TrialId Trial, TrialConfig Config, TrialStatus Status, long StepsRun, StopDecision? Decision);

    /// <summary>The replay's totals: <see cref="StepsRerun"/> are the steps the synchronous mode runs again (promoted trials restart from step 0).</summary>
    public sealed record Result(IReadOnlyList<Outcome> Trials, long StepsRun, long StepsRerun)
    {
        public long StepsAdaptive => StepsRun + StepsRerun;
    }

    /// <summary>Replays <paramref name="spec"/>'s stopping rule over <paramref name="recorded"/> (every trial of the spec).</summary>
    /// <param name="mode">Overrides the spec's rung mode (asha).</param>
    /// <exception cref="ArgumentException">A trial of the spec has no recorded curve.</exception>
    public static Result Run(SweepSpec spec, IReadOnlyDictionary<TrialId, Recorded> recorded, int slots, RungMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        var order = DispatchOrder.For(spec).Select(config =>
        {
            var id = TrialId.Of(config);
            return recorded.TryGetValue(id, out var r) ? (Id: id, Run: r) : throw new ArgumentException($"trial {id} of sweep {spec.Name} has no recorded curve", nameof(recorded));
        }).ToList();
        return spec.Stopping.Rule == StopRuleKind.Asha && (mode ?? spec.Stopping.Mode) == RungMode.Sync
            ? Synchronous(spec.Stopping, order)
            : Asynchronous(spec, order, slots);
    }

    private static Result Asynchronous(SweepSpec spec, List<(TrialId Id, Recorded Run)> order, int slots)
    {
        var decider = StoppingDecider.For(spec);
        var outcomes = new Outcome?[order.Count];
        // A running trial: its index in dispatch order, the clock step it started at, and its next point's index.
        var running = new List<(int Index, long Start, int Next)>();
        int dispatched = 0;
        long clock = 0;
        while (dispatched < order.Count || running.Count > 0)
        {
            while (running.Count < slots && dispatched < order.Count)
            {
                running.Add((dispatched++, clock, 0));
            }

            // The running trial whose next point comes first on the clock (ties: earlier dispatched).
            int pick = 0;
            for (int i = 1; i < running.Count; i++)
            {
                if (ClockOf(running[i]) < ClockOf(running[pick]) || (ClockOf(running[i]) == ClockOf(running[pick]) && running[i].Index < running[pick].Index))
                {
                    pick = i;
                }
            }

            var (index, start, next) = running[pick];
            var (id, run) = order[index];
            var curve = run.Curve;
            if (curve.Count == 0)
            {
                outcomes[index] = End(decider, id, run, run.Status, 0, null, curve);
                running.RemoveAt(pick);
                continue;
            }

            var point = curve[next];
            clock = start + point.Step;
            var decision = decider?.Evaluated(id, run.Config, point, Budget(run));
            if (decision is not null || next == curve.Count - 1)
            {
                var status = decision is not null && next < curve.Count - 1 ? TrialStatus.Pruned : run.Status;
                outcomes[index] = End(decider, id, run, status, point.Step, status == TrialStatus.Pruned ? decision : null, curve.Take(next + 1).ToList());
                running.RemoveAt(pick);
            }
            else
            {
                running[pick] = (index, start, next + 1);
            }

            long ClockOf((int Index, long Start, int Next) r) =>
                order[r.Index].Run.Curve.Count == 0 ? r.Start : r.Start + order[r.Index].Run.Curve[r.Next].Step;
        }

        var trials = outcomes.Select(o => o!).ToList();
        return new Result(trials, trials.Sum(t => t.StepsRun), 0);
    }

    private static Outcome End(StoppingDecider? decider, TrialId id, Recorded run, TrialStatus status, long steps, StopDecision? decision, IReadOnlyList<EvalPoint> curve)
    {
        decider?.Ended(id, run.Config, status, curve);
        return new Outcome(id, run.Config, status, steps, decision);
    }

    /// <summary>
    /// Synchronous halving: every trial runs to rung 1; at each rung the promoted trials re-run from step 0 to the next
    /// rung (the others stop at the rung), and past the last rung to their budget.
    /// </summary>
    private static Result Synchronous(StoppingSettings settings, List<(TrialId Id, Recorded Run)> order)
    {
        var metric = new StopMetric(settings.Metric);
        long budget = order.Max(t => Budget(t.Run));
        var rungs = new RungSchedule(settings.MinSteps, settings.Eta).For(budget);
        var halving = new SyncHalving(metric, settings.Eta, rungs);
        var byId = order.ToDictionary(t => t.Id, t => t.Run);
        foreach (var (id, run) in order)
        {
            halving.Register(id, StopMetric.ConfigurationOf(run.Config));
        }

        var outcomes = new Dictionary<TrialId, Outcome>();
        // Per trial, the step its latest attempt stopped at (its first point at or after the rung): a promoted trial
        // restarts from step 0, so those steps run again.
        var attempted = new Dictionary<TrialId, long>();
        long rerun = 0;
        while (halving.StopAt is long rung)
        {
            var inRace = halving.InRace.ToList();
            RungDecision? decision = null;
            foreach (var id in inRace)
            {
                var run = byId[id];
                rerun += attempted.GetValueOrDefault(id);
                var upTo = run.Curve.TakeWhile((p, i) => i == 0 || run.Curve[i - 1].Step < rung).ToList();
                bool endsBefore = upTo.Count == 0 || upTo[^1].Step < rung;
                attempted[id] = upTo.Count == 0 ? 0 : upTo[^1].Step;
                decision = endsBefore
                    ? halving.Ended(id) ?? decision
                    : halving.Reached(id, upTo) ?? decision;
                if (endsBefore)
                {
                    outcomes[id] = new Outcome(id, run.Config, run.Status, upTo.Count == 0 ? 0 : upTo[^1].Step, null);
                }
            }

            if (decision is null)
            {
                break;
            }

            foreach (var (trial, stop) in decision.Pruned)
            {
                // A run that reached the rung at its last point ran its whole budget: it ended as recorded, not pruned
                // (as the coordinator commits it).
                var run = byId[trial];
                bool whole = run.Curve.Count > 0 && attempted[trial] == run.Curve[^1].Step;
                outcomes[trial] = whole
                    ? new Outcome(trial, run.Config, run.Status, attempted[trial], null)
                    : new Outcome(trial, run.Config, TrialStatus.Pruned, attempted[trial], stop);
            }
        }

        foreach (var id in halving.InRace)
        {
            var run = byId[id];
            rerun += attempted.GetValueOrDefault(id);
            outcomes[id] = new Outcome(id, run.Config, run.Status, run.Curve.Count == 0 ? 0 : run.Curve[^1].Step, null);
        }

        var trials = order.Select(t => outcomes[t.Id]).ToList();
        return new Result(trials, trials.Sum(t => t.StepsRun), rerun);
    }

    private static long Budget(Recorded run) =>
        run.Config.Epochs == 0 && run.Config.Steps > 0 ? run.Config.Steps : run.Curve.Count > 0 ? run.Curve[^1].Step : 0;
}

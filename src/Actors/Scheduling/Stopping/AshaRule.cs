using System.Globalization;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Asynchronous successive halving (Li et al., MLSys 2020; Ray Tune's ASHA), seed-aware. Rungs sit at
/// min_steps × eta^k below the budget (min_steps 0: budget / 100, at least 1). A trial's value at a rung is the best
/// value of the metric over its points up to and including its first point at or after the rung, so one noisy point
/// at the rung cannot stop it. A configuration's value at a rung is the mean over its seeds recorded there so far.
/// As Ray Tune does, the decision is taken when the trial reaches the rung, against what is recorded there already:
/// it is stopped when its configuration's value is worse than the top-1/eta cut (numpy's linear quantile, as Ray
/// Tune's cutoff) of the other configurations' values. Nothing is cut until <c>eta</c> other configurations are
/// recorded at the rung: with fewer, the top 1/eta is a single value and one unlucky early configuration would set
/// the bar (what users of Ray Tune report as killing the wrong runs). Decisions depend on the order results
/// arrive in; the synchronous mode does not.
/// </summary>
internal sealed class AshaRule(StopMetric metric, int eta, long minSteps) : IStopRule
{
    /// <summary>Per rung (index k), per configuration: each seed's value (by trial).</summary>
    private readonly List<Dictionary<TrialId, Dictionary<TrialId, double>>> _rungs = [];
    private readonly Dictionary<TrialId, TrialRungs> _trials = [];

    /// <summary>Where the rungs are: min_steps × eta^k below a trial's budget.</summary>
    public RungSchedule Schedule { get; } = new(minSteps, eta);

    /// <summary>The rungs of a trial of <paramref name="budget"/> steps, ascending, each below the budget.</summary>
    public IReadOnlyList<long> RungsFor(long budget) => Schedule.For(budget);

    public StopDecision? Evaluated(TrialId trial, TrialId configuration, EvalPoint point, long budget)
    {
        if (!_trials.TryGetValue(trial, out var state))
        {
            state = new TrialRungs(RungsFor(budget));
            _trials[trial] = state;
        }

        state.Best = metric.Best(state.Best, metric.Read(point));
        StopDecision? decision = null;
        while (state.Next < state.Rungs.Count && point.Step >= state.Rungs[state.Next])
        {
            int k = state.Next++;
            if (double.IsNaN(state.Best))
            {
                continue;
            }

            while (_rungs.Count <= k)
            {
                _rungs.Add([]);
            }

            var rung = _rungs[k];
            if (!rung.TryGetValue(configuration, out var seeds))
            {
                seeds = [];
                rung[configuration] = seeds;
            }

            seeds[trial] = state.Best;
            decision ??= Decide(k, state.Rungs[k], configuration, point.Step);
        }

        return decision;
    }

    public void Ended(TrialId trial, TrialId configuration, TrialStatus status, IReadOnlyList<EvalPoint> curve) => _trials.Remove(trial);

    private StopDecision? Decide(int k, long rungStep, TrialId configuration, long step)
    {
        var rung = _rungs[k];
        var others = rung.Where(c => c.Key != configuration).Select(c => c.Value.Values.Average()).ToList();
        if (others.Count < eta)
        {
            return null;
        }

        double own = rung[configuration].Values.Average();
        double cut = metric.TopCut(others, 1.0 / eta);
        if (!metric.Worse(own, cut))
        {
            return null;
        }

        string reason = string.Create(CultureInfo.InvariantCulture,
            $"rung {k + 1} at step {rungStep}: {metric.Name} {own:0.#####} (mean of {rung[configuration].Count} seed(s)) worse than the top-1/{eta} cut {cut:0.#####} of {others.Count} other configurations");
        return new StopDecision(step, "asha", reason);
    }

    private sealed class TrialRungs(IReadOnlyList<long> rungs)
    {
        public IReadOnlyList<long> Rungs { get; } = rungs;
        public int Next { get; set; }
        public double Best { get; set; } = double.NaN;
    }
}

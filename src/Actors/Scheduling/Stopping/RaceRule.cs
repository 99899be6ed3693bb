using System.Globalization;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Capped racing on held steps to target (irace's racing with ParamILS-style adaptive capping). Seeds are the
/// instances. A configuration is an incumbent while every one of its seeds finished so far reached the target and held
/// it (one finished seed is enough: adaptive sweeps dispatch seed-major, so the first pass over the seeds is capped
/// too); its bound is its slowest finished seed's held steps to target. The cap is the smallest incumbent bound times
/// <c>slack</c>; there is no cap (and no stopping) until some configuration is an incumbent. The incumbent's own seeds
/// race the next incumbent's cap (none while it is the only one): how slow its other seeds are is what its bound measures. The cap follows the
/// evidence: it rises when an incumbent's next seed is slower, and an incumbent whose seed misses the target leaves.
/// <para>
/// When a trial is stopped: at the first evaluation point past the cap unless the trial has been at or below the
/// target at every point since a step within the cap. That is, at a point past the cap whose train loss is above the
/// target (or not finite), or at a point past the cap whose run of points at or below the target began past the cap.
/// Why that is safe and not a reaction to one noisy point: "held" steps to target is the first point from which the
/// train loss stays at or below the target to the end, so it is never earlier than the start of the current run of
/// points at or below the target (a point above the target at step s proves it is greater than s), whatever the curve
/// does afterwards. With that lower bound past the cap = slack × (the incumbent's slowest finished seed), this seed is
/// slower than every seed of the incumbent seen so far by more than the slack (ParamILS's capping: it has used more
/// steps than the incumbent needed): the analysis records it as censored (&gt; steps run), which is exactly what is
/// known. Only that trial stops; its configuration's other seeds race on their own, so a configuration is out of the
/// race only when each of its seeds was beaten by the margin. A trial at or below the target since a point within the
/// cap is never stopped (it may hold from there).
/// </para>
/// </summary>
internal sealed class RaceRule(double target, double slack) : IStopRule
{
    private readonly Dictionary<TrialId, Finished> _configurations = [];

    /// <summary>Per running trial: its last step seen and the step its current run of points at or below the target began (null: above).</summary>
    private readonly Dictionary<TrialId, (long LastStep, long? AtTargetSince)> _running = [];
    /// <summary>The two smallest incumbent caps (ties: configuration id order); a trial of the best incumbent races the second.</summary>
    private Incumbent _best = Incumbent.None;
    private Incumbent _second = Incumbent.None;

    public StopDecision? Evaluated(TrialId trial, TrialId configuration, EvalPoint point, long budget)
    {
        bool atOrBelowTarget = double.IsFinite(point.TrainLoss) && point.TrainLoss <= target;
        // A point at or before the last one seen starts a new attempt (a re-run from step 0): its run starts afresh.
        long? since = _running.TryGetValue(trial, out var seen) && point.Step > seen.LastStep ? seen.AtTargetSince : null;
        since = atOrBelowTarget ? since ?? point.Step : null;
        _running[trial] = (point.Step, since);
        // An incumbent's own seeds race the other incumbents only: its bound is theirs to set.
        var incumbent = configuration.Equals(_best.Configuration) ? _second : _best;
        if (point.Step <= incumbent.Cap || since <= incumbent.Cap)
        {
            return null;
        }

        string why = since is null
            ? string.Create(CultureInfo.InvariantCulture, $"train loss {point.TrainLoss:0.####} above target {target} at step {point.Step}")
            : string.Create(CultureInfo.InvariantCulture, $"train loss at or below the target only from step {since}");
        string reason = string.Create(CultureInfo.InvariantCulture, $"cap {incumbent.Cap:0.##} steps ({incumbent.Source} × slack {slack}): {why}");
        return new StopDecision(point.Step, "race", reason);
    }

    public void Ended(TrialId trial, TrialId configuration, TrialStatus status, IReadOnlyList<EvalPoint> curve)
    {
        _running.Remove(trial);
        if (!_configurations.TryGetValue(configuration, out var finished))
        {
            finished = new Finished();
            _configurations[configuration] = finished;
        }

        finished.Seeds++;
        long? held = status is TrialStatus.Completed or TrialStatus.Diverged ? HeldStepsToTarget(curve, target) : null;
        if (held is null)
        {
            finished.AllReached = false;
        }
        else
        {
            finished.Slowest = Math.Max(finished.Slowest, held.Value);
        }

        // The caps from every incumbent, in configuration id order so that ties name the same source whatever the order.
        _best = _second = Incumbent.None;
        foreach (var (id, candidate) in _configurations.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal))
        {
            if (!candidate.AllReached)
            {
                continue;
            }

            var next = new Incumbent(id, candidate.Slowest * slack, string.Create(CultureInfo.InvariantCulture,
                $"configuration {id}'s slowest of {candidate.Seeds} finished seed(s) reached the target at step {candidate.Slowest}"));
            if (next.Cap < _best.Cap)
            {
                (_best, _second) = (next, _best);
            }
            else if (next.Cap < _second.Cap)
            {
                _second = next;
            }
        }
    }

    /// <summary>The step of the first point from which the train loss stays at or below <paramref name="target"/> to the end; null when the last point is above it.</summary>
    internal static long? HeldStepsToTarget(IReadOnlyList<EvalPoint> curve, double target)
    {
        long? held = null;
        for (int i = curve.Count - 1; i >= 0 && double.IsFinite(curve[i].TrainLoss) && curve[i].TrainLoss <= target; i--)
        {
            held = curve[i].Step;
        }

        return held;
    }

    /// <summary>An incumbent configuration's cap in steps and how it came about (None: no incumbent, no cap).</summary>
    private sealed record Incumbent(TrialId? Configuration, double Cap, string Source)
    {
        public static readonly Incumbent None = new(null, double.PositiveInfinity, "");
    }

    private sealed class Finished
    {
        public int Seeds { get; set; }
        public bool AllReached { get; set; } = true;
        public long Slowest { get; set; }
    }
}

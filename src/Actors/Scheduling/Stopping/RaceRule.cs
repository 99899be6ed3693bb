using System.Globalization;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Capped racing on held steps to target (irace's racing with ParamILS-style adaptive capping). Seeds are the
/// instances. A configuration is an incumbent while every one of its seeds finished so far reached the target and held
/// it (one finished seed is enough: adaptive sweeps dispatch seed-major, so the first pass over the seeds is capped
/// too); its bound is its slowest finished seed's held steps to target. The cap is the smallest incumbent bound times
/// <c>slack</c>; there is no cap (and no stopping) until some configuration is an incumbent. The cap follows the
/// evidence: it rises when an incumbent's next seed is slower, and an incumbent whose seed misses the target leaves.
/// <para>
/// When a trial is stopped: at an evaluation point past the cap whose train loss is above the target (or not finite).
/// Why that is safe and not a reaction to one noisy point: "held" steps to target is the first point from which the
/// train loss stays at or below the target to the end, so a point above the target at step s proves the trial's held
/// steps to target is greater than s, whatever the curve does afterwards. With s &gt; cap = slack × (the incumbent's
/// slowest finished seed), this seed is slower than every seed of the incumbent seen so far by more than the slack:
/// the analysis records it as censored (&gt; steps run), which is exactly what is known. Only that trial stops; its
/// configuration's other seeds race on their own, so a configuration is out of the race only when each of its seeds
/// was beaten by the margin. A trial below the target past the cap is never stopped (its next points may hold).
/// </para>
/// </summary>
internal sealed class RaceRule(double target, double slack) : IStopRule
{
    private readonly Dictionary<TrialId, Finished> _configurations = [];
    private double _cap = double.PositiveInfinity;
    private string _capSource = "";

    /// <summary>The current cap in steps (infinity until a configuration is an incumbent).</summary>
    public double Cap => _cap;

    public StopDecision? Evaluated(TrialId trial, TrialId configuration, EvalPoint point, long budget)
    {
        bool atOrBelowTarget = double.IsFinite(point.TrainLoss) && point.TrainLoss <= target;
        if (point.Step <= _cap || atOrBelowTarget)
        {
            return null;
        }

        string reason = string.Create(CultureInfo.InvariantCulture,
            $"cap {_cap:0.##} steps ({_capSource} × slack {slack}): train loss {point.TrainLoss:0.####} above target {target} at step {point.Step}");
        return new StopDecision(point.Step, "race", reason);
    }

    public void Ended(TrialId trial, TrialId configuration, TrialStatus status, IReadOnlyList<EvalPoint> curve)
    {
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

        // The cap from every incumbent, in configuration id order so that ties name the same source whatever the order.
        _cap = double.PositiveInfinity;
        _capSource = "";
        foreach (var (id, candidate) in _configurations.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal))
        {
            if (candidate.AllReached && candidate.Slowest * slack < _cap)
            {
                _cap = candidate.Slowest * slack;
                _capSource = string.Create(CultureInfo.InvariantCulture,
                    $"configuration {id}'s slowest of {candidate.Seeds} finished seed(s) reached the target at step {candidate.Slowest}");
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

    private sealed class Finished
    {
        public int Seeds { get; set; }
        public bool AllReached { get; set; } = true;
        public long Slowest { get; set; }
    }
}

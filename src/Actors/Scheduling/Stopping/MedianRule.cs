using System.Globalization;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Median stopping as Optuna's MedianPruner (n_startup_trials 5, n_warmup_steps 0 by default), seed-aware. Nothing is
/// stopped before <c>grace_steps</c> or until <c>startup_trials</c> trials have completed. At a point at step s, a
/// configuration's value is the mean over its seeds of each seed's best value up to step s (the running trial, and its
/// configuration's completed seeds); as Optuna, the other configurations are read from completed trials only (whose
/// curves reach s). The trial is stopped when its configuration is worse than the median of the other configurations.
/// Best-so-far values make it gentle: a noisy curve whose lows are as good as the others' is never stopped.
/// </summary>
internal sealed class MedianRule(StopMetric metric, long graceSteps, int startupTrials) : IStopRule
{
    private readonly Dictionary<TrialId, List<(long Step, double Best)>> _running = [];
    private readonly Dictionary<TrialId, List<List<(long Step, double Best)>>> _completed = [];
    private int _completedTrials;

    public StopDecision? Evaluated(TrialId trial, TrialId configuration, EvalPoint point, long budget)
    {
        if (!_running.TryGetValue(trial, out var own))
        {
            own = [];
            _running[trial] = own;
        }

        double best = metric.Best(own.Count > 0 ? own[^1].Best : double.NaN, metric.Read(point));
        own.Add((point.Step, best));
        if (point.Step < graceSteps || _completedTrials < startupTrials || double.IsNaN(best))
        {
            return null;
        }

        var ownSeeds = new List<double> { best };
        var others = new List<double>();
        foreach (var (config, curves) in _completed)
        {
            var values = curves.Select(c => BestUpTo(c, point.Step)).Where(v => !double.IsNaN(v)).ToList();
            if (config == configuration)
            {
                ownSeeds.AddRange(values);
            }
            else if (values.Count > 0)
            {
                others.Add(values.Average());
            }
        }

        if (others.Count == 0)
        {
            return null;
        }

        double value = ownSeeds.Average();
        double median = StopMetric.Quantile(others, 0.5);
        if (!metric.Worse(value, median))
        {
            return null;
        }

        string reason = string.Create(CultureInfo.InvariantCulture,
            $"step {point.Step}: best {metric.Name} {value:0.#####} (mean of {ownSeeds.Count} seed(s)) worse than the median {median:0.#####} of {others.Count} other configurations");
        return new StopDecision(point.Step, "median", reason);
    }

    public void Ended(TrialId trial, TrialId configuration, TrialStatus status, IReadOnlyList<EvalPoint> curve)
    {
        _running.Remove(trial);
        if (status != TrialStatus.Completed)
        {
            return;
        }

        var bests = new List<(long Step, double Best)>(curve.Count);
        double best = double.NaN;
        foreach (var point in curve)
        {
            best = metric.Best(best, metric.Read(point));
            bests.Add((point.Step, best));
        }

        if (!_completed.TryGetValue(configuration, out var curves))
        {
            curves = [];
            _completed[configuration] = curves;
        }

        curves.Add(bests);
        _completedTrials++;
    }

    /// <summary>The best value up to <paramref name="step"/>; NaN when the curve does not reach that step.</summary>
    private static double BestUpTo(List<(long Step, double Best)> curve, long step)
    {
        if (curve.Count == 0 || curve[^1].Step < step)
        {
            return double.NaN;
        }

        int index = curve.FindLastIndex(p => p.Step <= step);
        return index < 0 ? double.NaN : curve[index].Best;
    }
}

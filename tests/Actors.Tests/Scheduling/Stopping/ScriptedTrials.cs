using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>
/// A trial runner that trains nothing: it walks a scripted curve (a point every 10 steps; the higher the learning rate,
/// the lower the loss at every step) through the <see cref="TrialControl"/> as the trainer does, so the coordinator's
/// stopping rule sees it and a stop request ends it at the first point at or after the requested step.
/// </summary>
internal static class ScriptedTrials
{
    public static double Loss(TrialConfig config, long step) => 1.0 / (1 + config.Lr * 1000 * step / 20.0);

    /// <param name="atPoint">Called after each point is handed on (tests wait there for a stop, or hold a trial).</param>
    /// <param name="loss">The curve (default <see cref="Loss"/>: by learning rate).</param>
    public static TrialResult Run(
        TrialConfig config, CancellationToken token, TrialControl control, Action<TrialControl, long>? atPoint = null, Func<TrialConfig, long, double>? loss = null)
    {
        loss ??= Loss;
        long budget = config.Steps;
        var curve = new List<EvalPoint>();
        for (long step = 10; step <= budget; step += 10)
        {
            token.ThrowIfCancellationRequested();
            var point = ScriptedCurves.Point(step, loss(config, step));
            curve.Add(point);
            control.Evaluated(point, budget);
            atPoint?.Invoke(control, step);
            if (step >= control.StopAtStep && step < budget)
            {
                return Result(TrialStatus.Pruned, curve);
            }
        }

        return Result(TrialStatus.Completed, curve);
    }

    private static TrialResult Result(TrialStatus status, List<EvalPoint> curve) =>
        new(status, curve, [], new TrialSummary { StepsRun = curve[^1].Step, FinalTrainLoss = curve[^1].TrainLoss }, 0.01);
}

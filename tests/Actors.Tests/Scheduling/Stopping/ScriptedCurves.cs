using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

/// <summary>Hand-written curves and configurations for the stopping rules' tests.</summary>
internal static class ScriptedCurves
{
    /// <summary>Configuration <paramref name="index"/> (its learning rate tells it apart) with seed <paramref name="seed"/>.</summary>
    public static TrialConfig Config(int index, long seed = 0) => new() { Lr = 0.001 * (index + 1), Steps = 100, Epochs = 0, Seed = seed };

    public static TrialId Id(TrialConfig config) => TrialId.Of(config);

    public static TrialId Configuration(TrialConfig config) => StopMetric.ConfigurationOf(config);

    /// <summary>A point whose train and validation loss are both <paramref name="loss"/>.</summary>
    public static EvalPoint Point(long step, double loss, double? valLoss = null) =>
        new(step, 1, step * 16, step * 0.01, 0.01, loss, valLoss ?? loss, double.NaN, 1, false, 1, 0.001);

    /// <summary>Points every <paramref name="every"/> steps with the given losses.</summary>
    public static IReadOnlyList<EvalPoint> Curve(int every, params double[] losses) =>
        [.. losses.Select((loss, i) => Point((i + 1) * every, loss))];

    /// <summary>Feeds every point of a curve; the first decision (or null).</summary>
    public static StopDecision? Feed(StoppingDecider decider, TrialConfig config, IReadOnlyList<EvalPoint> curve, long budget = 100)
    {
        StopDecision? first = null;
        foreach (var point in curve)
        {
            first ??= decider.Evaluated(Id(config), config, point, budget);
        }

        return first;
    }

    /// <summary>Runs a whole trial through the decider and commits it as it ended.</summary>
    public static StopDecision? Run(StoppingDecider decider, TrialConfig config, IReadOnlyList<EvalPoint> curve)
    {
        var decision = Feed(decider, config, curve);
        var kept = decision is null ? curve : [.. curve.Where(p => p.Step <= decision.AtStep)];
        decider.Ended(Id(config), config, decision is null ? TrialStatus.Completed : TrialStatus.Pruned, kept);
        return decision;
    }
}

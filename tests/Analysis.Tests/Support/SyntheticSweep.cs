using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Support;

/// <summary>
/// A small sweep with every picture a report draws: depth {2, 8} x activation {relu, sigmoid} x
/// lr {0.01, 1} x 2 seeds. Deep sigmoid networks have vanishing layer gradients and learn slowly;
/// lr 1 with sigmoid diverges; relu at lr 1 overfits.
/// </summary>
internal static class SyntheticSweep
{
    public static IReadOnlyList<TrialData> Trials()
    {
        var trials = new List<TrialData>();
        foreach (int depth in new[] { 2, 8 })
        {
            foreach (string activation in new[] { "relu", "sigmoid" })
            {
                foreach (double lr in new[] { 0.01, 1.0 })
                {
                    for (int seed = 1; seed <= 2; seed++)
                    {
                        trials.Add(Trial(new TrialConfig { Depth = depth, Activation = activation, Lr = lr, Seed = seed }));
                    }
                }
            }
        }

        return trials;
    }

    private static TrialData Trial(TrialConfig config)
    {
        bool sigmoid = config.Activation == "sigmoid";
        bool diverges = sigmoid && config.Lr > 0.5;
        bool overfits = !sigmoid && config.Lr > 0.5;
        double speed = (sigmoid ? 0.05 : 0.3) * (config.Depth == 2 ? 1.5 : 1.0) * (1 + 0.03 * config.Seed);
        int points = diverges ? 8 : 30;
        var curve = SyntheticTrials.Curve(
            i => diverges && i == points ? double.NaN : SyntheticTrials.Falling(speed)(i),
            i => overfits ? 0.3 + 0.02 * i : SyntheticTrials.Falling(speed)(i) * 1.1,
            points,
            grad: i => diverges ? Math.Pow(5, i) : 1.0 / i);
        // Layer gradients shrink by 10x per layer toward the input in deep sigmoid nets.
        double perLayer = sigmoid && config.Depth > 2 ? 0.1 : 0.9;
        var layers = curve.SelectMany(p => Enumerable.Range(0, config.Depth + 1).Select(layer => new LayerPoint(
            p.Step, layer, layer == 0 ? "stem" : layer == config.Depth ? "head" : "hidden",
            GradNorm: p.GradNorm * Math.Pow(perLayer, config.Depth - layer),
            WeightNorm: 1, ActMean: 0.1, ActStd: 0.5, SaturatedFraction: sigmoid ? 0.6 : 0, DeadFraction: 0))).ToList();
        double vanishing = Math.Pow(perLayer, config.Depth - 1);
        return SyntheticTrials.Trial(config, curve, diverges ? TrialStatus.Diverged : TrialStatus.Completed,
            s => s with { VanishingRatio = vanishing, SaturatedFraction = sigmoid ? 0.6 : 0 },
            layers);
    }
}

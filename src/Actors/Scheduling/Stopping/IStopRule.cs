using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// One stopping rule's state and decisions. <see cref="StoppingDecider"/> feeds it each evaluation point once, in step
/// order per trial, and each committed trial once; a rule never sees a trial's points again after deciding to stop it.
/// <paramref name="configuration"/> names the trial's configuration (its config without the seed): seeds of one
/// configuration are compared together, never as separate configurations.
/// </summary>
internal interface IStopRule
{
    /// <summary>A running trial reached <paramref name="point"/> of <paramref name="budget"/> steps: stop it, or null.</summary>
    StopDecision? Evaluated(TrialId trial, TrialId configuration, EvalPoint point, long budget);

    /// <summary>A trial's result is committed (also replayed on resume): <paramref name="curve"/> is all of it.</summary>
    void Ended(TrialId trial, TrialId configuration, TrialStatus status, IReadOnlyList<EvalPoint> curve);
}

/// <summary>The metric a rule reads from an evaluation point, and which way is better.</summary>
internal sealed class StopMetric(string name)
{
    public string Name { get; } = name;

    public bool HigherIsBetter { get; } = name == "val_accuracy";

    /// <summary>NaN when the point does not measure it (no validation split) or it is not finite: never a reason to stop.</summary>
    public double Read(EvalPoint point)
    {
        double value = Name switch
        {
            "train_loss" => point.TrainLoss,
            "val_accuracy" => point.ValAccuracy,
            _ => point.ValLoss,
        };
        return double.IsFinite(value) ? value : double.NaN;
    }

    /// <summary>Whether <paramref name="a"/> is strictly worse than <paramref name="b"/>.</summary>
    public bool Worse(double a, double b) => HigherIsBetter ? a < b : a > b;

    /// <summary>The better of two values; NaN loses to any number.</summary>
    public double Best(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : HigherIsBetter ? Math.Max(a, b) : Math.Min(a, b);

    /// <summary>The value below which (lower is better) a fraction <paramref name="top"/> of <paramref name="values"/> lies: the cut of the top share.</summary>
    public double TopCut(IReadOnlyList<double> values, double top) =>
        Quantile(values, HigherIsBetter ? 1 - top : top);

    /// <summary>numpy's default (linear) quantile, which Ray Tune's ASHA uses for its cutoff.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    internal static TrialId ConfigurationOf(TrialConfig config) => TrialId.Of(config with { Seed = 0 });
}

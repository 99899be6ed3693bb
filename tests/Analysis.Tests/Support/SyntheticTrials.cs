using System.Globalization;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Support;

/// <summary>Builds trials with curves drawn from formulas, so each test states the shape it reads.</summary>
internal static class SyntheticTrials
{
    public const int StepsPerPoint = 10;
    public const int BatchSize = 32;

    /// <summary>Evaluation points 1..points at every <see cref="StepsPerPoint"/> steps; losses from the formulas of the point index.</summary>
    public static IReadOnlyList<EvalPoint> Curve(Func<int, double> train, Func<int, double>? val = null, int points = 20, Func<int, double>? grad = null) =>
        [.. Enumerable.Range(1, points).Select(i => new EvalPoint(
            Step: i * StepsPerPoint,
            Epoch: i,
            Examples: (long)i * StepsPerPoint * BatchSize,
            WallSeconds: i * 0.5,
            LearningRate: 0.01,
            TrainLoss: train(i),
            ValLoss: val?.Invoke(i) ?? double.NaN,
            ValAccuracy: double.NaN,
            GradNorm: grad?.Invoke(i) ?? 1.0,
            Clipped: false,
            WeightNorm: 1.0,
            UpdateRatio: 1e-3))];

    /// <summary>A trial whose summary is read off its curve; override any summary value with <paramref name="summary"/>.</summary>
    public static TrialData Trial(
        TrialConfig config,
        IReadOnlyList<EvalPoint> curve,
        TrialStatus status = TrialStatus.Completed,
        Func<TrialSummary, TrialSummary>? summary = null,
        IReadOnlyList<LayerPoint>? layers = null)
    {
        var finite = curve.Where(p => double.IsFinite(p.TrainLoss)).ToList();
        var vals = curve.Select(p => p.ValLoss).Where(double.IsFinite).ToList();
        var last = curve.Count > 0 ? curve[^1] : default;
        var baseSummary = new TrialSummary
        {
            StepsRun = last.Step,
            ExamplesSeen = last.Examples,
            FinalTrainLoss = last.TrainLoss,
            BestTrainLoss = finite.Count > 0 ? finite.Min(p => p.TrainLoss) : double.NaN,
            FinalValLoss = vals.Count > 0 ? vals[^1] : null,
            BestValLoss = vals.Count > 0 ? vals.Min() : null,
            DivergedAtStep = status == TrialStatus.Diverged ? last.Step : null,
            AucLogTrainLoss = finite.Count > 0 ? finite.Average(p => Math.Log(p.TrainLoss)) : double.NaN,
            GradNormMedian = 1,
            GradSpikeRatio = 2,
            GradLogCv = 0.1,
            VanishingRatio = 1,
        };
        var finalSummary = summary?.Invoke(baseSummary) ?? baseSummary;
        return new TrialData(IdOf(config), config, status, finalSummary, last.WallSeconds, curve, layers ?? []);
    }

    /// <summary>The id a sweep would give the config.</summary>
    public static TrialId IdOf(TrialConfig config) => TrialId.Of(config);

    /// <summary>Gradient norms alternating between e^+s and e^-s: the standard deviation of their log grows with <paramref name="logSpread"/>.</summary>
    public static Func<int, double> Wobble(double logSpread) => i => Math.Exp(i % 2 == 0 ? logSpread : -logSpread);

    /// <summary>A falling loss that reaches <paramref name="floor"/> with the given speed (higher = faster).</summary>
    public static Func<int, double> Falling(double speed, double start = 2.0, double floor = 0.05) =>
        i => floor + (start - floor) * Math.Exp(-speed * i);
}

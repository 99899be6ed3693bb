using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Tests;

/// <summary>Specs, records and folders for the results tests. Values are derived from the trial index, so every field is distinct and checkable.</summary>
internal static class TestRuns
{
    /// <summary>A small grid: optimizers x depths x seeds trials.</summary>
    public static SweepSpec Spec(string name = "results-test", string[]? optimizers = null, int[]? depths = null, int seeds = 2)
    {
        optimizers ??= ["sgd", "adam"];
        depths ??= [2, 3];
        string json = $$"""
            {
              "name": "{{name}}",
              "dataset": { "dataset": "spirals", "samples": 200 },
              "base": { "width": 8, "lr": 0.05 },
              "steps": 40,
              "eval_every": 10,
              "axes": {
                "optimizer": [{{string.Join(", ", optimizers.Select(o => $"\"{o}\""))}}],
                "depth": [{{string.Join(", ", depths)}}]
              },
              "seeds": {{seeds}}
            }
            """;
        return SpecParser.Parse(json, name + ".json");
    }

    /// <summary>Records for every trial of <paramref name="spec"/>, with <paramref name="curvePoints"/> evaluation points each.</summary>
    public static List<TrialRecord> Records(SweepSpec spec, int curvePoints = 4) =>
        spec.EnumerateTrials().Select((config, i) => Record(spec.SweepId, config, i, curvePoints)).ToList();

    public static TrialRecord Record(string sweepId, TrialConfig config, int index, int curvePoints = 4)
    {
        var status = (TrialStatus)(index % 3);
        var started = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddSeconds(index).AddTicks(index * 10 % 10_000);
        var curve = Enumerable.Range(0, curvePoints)
            .Select(p => new EvalPoint(
                Step: (p + 1) * 10L, Epoch: p / 2, Examples: (p + 1) * 320L, WallSeconds: 0.01 * (p + 1) + index,
                LearningRate: 0.05 / (p + 1), TrainLoss: 1.0 / (p + 1 + index), ValLoss: p == 0 ? double.NaN : 1.5 / (p + 1),
                ValAccuracy: 0.1 * p, GradNorm: 2.0 + p, Clipped: p % 2 == 1, WeightNorm: 3.0 + index, UpdateRatio: 1e-3 * (p + 1)))
            .ToList();
        int depth = config.Depth;
        var layers = curve.SelectMany(point => Enumerable.Range(0, depth + 1).Select(layer => new LayerPoint(
                point.Step, layer, layer == 0 ? "stem" : layer == depth ? "head" : "hidden",
                GradNorm: 0.1 * (layer + 1), WeightNorm: 1 + layer, ActMean: 0.01 * layer, ActStd: 1.0 / (layer + 1),
                SaturatedFraction: 0.0, DeadFraction: 0.05 * layer)))
            .ToList();
        var summary = new TrialSummary
        {
            StepsRun = 40 + index,
            ExamplesSeen = 1280 + index,
            InitialTrainLoss = index % 2 == 0 ? 2.3 + index : null,
            FinalTrainLoss = 0.5 + index,
            BestTrainLoss = 0.25 + index,
            FinalValLoss = index % 2 == 0 ? 0.6 + index : null,
            BestValLoss = index % 2 == 0 ? 0.55 : null,
            FinalValAccuracy = index % 2 == 0 ? 0.9 : null,
            BestValAccuracy = index % 2 == 0 ? 0.95 : null,
            ConvergedAtStep = index % 4 == 0 ? 30 : null,
            DivergedAtStep = status == TrialStatus.Diverged ? 20 + index : null,
            StepsToTarget = index % 3 == 0 ? 10 * index : null,
            AucLogTrainLoss = -0.5 * index,
            GradNormMedian = 1.5,
            GradSpikeRatio = 2.5,
            GradLogCv = 0.3,
            VanishingRatio = 1.1,
            ClippedFraction = 0.25,
            DeadFraction = 0.05,
            SaturatedFraction = 0.01,
        };
        return new TrialRecord(
            new TrialRow(
                sweepId, TrialId.Of(config), config, status,
                status == TrialStatus.Failed ? $"boom {index}" : null,
                Attempts: 1 + (index % 2), WorkerHost: index % 2 == 0 ? "alpha" : "beta",
                started, started.AddSeconds(1.5), 1.5, summary)
            {
                Worker = index % 2 == 0 ? "alpha#101" : "beta#202",
            },
            curve,
            layers);
    }

    /// <summary>Microseconds: what a Parquet timestamp keeps.</summary>
    public static DateTime TruncateToMicros(DateTime time) => new(time.Ticks - (time.Ticks % 10), time.Kind);
}

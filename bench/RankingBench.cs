using System.Diagnostics;
using System.Text.Json.Nodes;
using Sweep.Analysis;
using Sweep.Engine.Config;
using Sweep.Engine.Random;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>
/// Get-SweepRanking's library path (open the run folder, load, rank) on a synthetic 10,000-trial
/// run folder written with the real results writer: 20 evaluation points per trial and layer
/// statistics for every layer. Target: under 5 s. The peer, measured in the same run, is a bare
/// scan of the same trials and curves through the reader: the ratio is the analysis's own cost.
/// </summary>
public sealed class RankingBench : IBenchSuite
{
    private const int EvalPoints = 20;

    public string Name => "ranking";

    public async Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var spec = SpecParser.Parse("""
            {
              "name": "ranking-bench",
              "dataset": { "dataset": "spirals", "samples": 1000 },
              "base": { "batch_size": 32 },
              "steps": 400,
              "eval_every": 20,
              "axes": {
                "optimizer": ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"],
                "lr": [0.001, 0.003, 0.01, 0.03, 0.1],
                "depth": [2, 3, 4, 6, 8],
                "width": [16, 32, 64, 128, 256]
              },
              "seeds": 10
            }
            """, "ranking-bench.json");
        string root = Path.Combine(Path.GetTempPath(), "sweep-ranking-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var write = Stopwatch.StartNew();
            await WriteFolderAsync(Path.Combine(root, "run"), spec, cancellationToken);
            write.Stop();

            var scan = Measure(() =>
            {
                var reader = RunFolder.OpenExisting(Path.Combine(root, "run")).CreateReader();
                return reader.ReadTrials().Count() + reader.ReadCurves().Count();
            });
            var withLayers = Measure(() =>
            {
                var analysis = SweepAnalysis.Load(RunFolder.OpenExisting(Path.Combine(root, "run")));
                return analysis.Rank().Count;
            });
            var withoutLayers = Measure(() =>
            {
                var analysis = SweepAnalysis.Load(RunFolder.OpenExisting(Path.Combine(root, "run")), new AnalysisOptions { LoadLayers = false });
                return analysis.Rank().Count;
            });
            var loaded = SweepAnalysis.Load(RunFolder.OpenExisting(Path.Combine(root, "run")));
            var rankOnly = Measure(() => loaded.Rank(new RankingOptions { By = "auc" }).Count);
            var factors = Measure(() => loaded.FactorEffects().Count);

            return new JsonObject
            {
                ["suite"] = Name,
                ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount },
                ["trials"] = spec.CountTrials(),
                ["configurations"] = loaded.Configurations.Count,
                ["eval_points_per_trial"] = EvalPoints,
                ["write_folder_s"] = Math.Round(write.Elapsed.TotalSeconds, 3),
                ["target_s"] = 5.0,
                ["cases"] = new JsonArray
                {
                    Case("reader-scan-trials-curves (peer)", scan, null),
                    Case("load-rank-with-layers", withLayers, scan),
                    Case("load-rank-without-layers", withoutLayers, scan),
                    Case("rank-loaded-by-auc", rankOnly, null),
                    Case("factor-effects-loaded", factors, null),
                },
            };
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static JsonObject Case(string name, (double Best, double Median, int Result) timing, (double Best, double Median, int Result)? peer)
    {
        var json = new JsonObject
        {
            ["name"] = name,
            ["seconds_best"] = Math.Round(timing.Best, 3),
            ["seconds_median"] = Math.Round(timing.Median, 3),
            ["result_count"] = timing.Result,
        };
        if (peer is { } p)
        {
            json["ratio_to_peer"] = Math.Round(timing.Median / p.Median, 2);
        }

        return json;
    }

    /// <summary>Three runs after one warm-up: best and median seconds.</summary>
    private static (double Best, double Median, int Result) Measure(Func<int> work)
    {
        int result = work();
        var times = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            result = work();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return (times[0], times[1], result);
    }

    internal static async Task WriteFolderAsync(string path, SweepSpec spec, CancellationToken cancellationToken)
    {
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        await using var writer = folder.CreateWriter();
        foreach (var batch in spec.EnumerateTrials().Select(c => Record(spec.SweepId, c)).Chunk(2000))
        {
            await writer.CommitAsync(batch, cancellationToken);
        }
    }

    /// <summary>A made-up but plausible trial: loss falls at a rate set by the config, some high-lr ones diverge.</summary>
    private static TrialRecord Record(string sweepId, TrialConfig config)
    {
        TrialId id = TrialId.Of(config);
        var random = SeededRandom.ForPurpose(config.Seed, id.ToString());
        double rate = (0.05 + 0.3 * random.NextDouble()) * Math.Log10(config.Lr * 1e4) / config.Depth * 3;
        bool diverged = config.Lr >= 0.1 && config.Depth >= 6 && random.NextDouble() < 0.5;
        int points = diverged ? EvalPoints / 2 : EvalPoints;
        var curve = Enumerable.Range(1, points).Select(i => new EvalPoint(
            Step: i * 20L, Epoch: i * 20 * 32 / 800, Examples: i * 640L, WallSeconds: i * 0.05, LearningRate: config.Lr,
            TrainLoss: diverged && i == points ? double.NaN : 0.05 + Math.Exp(-rate * i) * (1 + 0.05 * random.NextDouble()),
            ValLoss: 0.07 + Math.Exp(-rate * i), ValAccuracy: 1 - Math.Exp(-rate * i), GradNorm: 1.0 / i + random.NextDouble() * 0.1,
            Clipped: false, WeightNorm: 10, UpdateRatio: 1e-3)).ToList();
        var layers = curve.SelectMany(p => Enumerable.Range(0, config.Depth + 1).Select(layer => new LayerPoint(
            p.Step, layer, layer == 0 ? "stem" : layer == config.Depth ? "head" : "hidden",
            GradNorm: p.GradNorm * Math.Pow(0.8, config.Depth - layer), WeightNorm: 3, ActMean: 0.2, ActStd: 0.5,
            SaturatedFraction: 0, DeadFraction: 0.1))).ToList();
        var summary = new TrialSummary
        {
            StepsRun = curve[^1].Step,
            ExamplesSeen = curve[^1].Examples,
            FinalTrainLoss = curve[^1].TrainLoss,
            BestTrainLoss = curve.Where(p => double.IsFinite(p.TrainLoss)).Min(p => p.TrainLoss),
            FinalValLoss = curve[^1].ValLoss,
            BestValLoss = curve.Min(p => p.ValLoss),
            FinalValAccuracy = curve[^1].ValAccuracy,
            BestValAccuracy = curve.Max(p => p.ValAccuracy),
            DivergedAtStep = diverged ? curve[^1].Step : null,
            AucLogTrainLoss = curve.Where(p => double.IsFinite(p.TrainLoss)).Average(p => Math.Log(p.TrainLoss)),
            GradNormMedian = 0.2,
            GradSpikeRatio = 5,
            GradLogCv = 0.1 + random.NextDouble() * 0.2,
            VanishingRatio = Math.Pow(0.8, config.Depth - 1),
            DeadFraction = 0.1,
        };
        var started = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var row = new TrialRow(sweepId, id, config, diverged ? TrialStatus.Diverged : TrialStatus.Completed, null, 1, "bench",
            started, started.AddSeconds(1), 1, summary);
        return new TrialRecord(row, curve, layers);
    }
}

using System.Text.Json.Nodes;
using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Numerics;
using Sweep.Engine.Training;

namespace Sweep.Bench.Engine;

/// <summary>
/// Suite "denormals" (issue 17): thread CPU time per training step with denormals kept (IEEE gradual
/// underflow, PyTorch's default) and flushed (what every trial does, <see cref="DenormalFlush"/>), side by
/// side: each case trains its steps (depth-residual's budget of 500; spirals-adam's whole trial of 2,000)
/// from scratch, 5,000 steps in all, per side and round, the sides alternating and taking turns to go first,
/// and the median round counts. The cases are configurations of experiments/depth-residual.json without
/// normalisation, where signals and gradients vanish with depth (Gaussian init) or stay in range (Xavier),
/// and the engine suite's spirals-adam, whose dead units' Adam moments decay into the denormal range.
/// </summary>
public sealed class DenormalBench : IBenchSuite
{
    private const int Rounds = 6;

    public string Name => "denormals";

    public Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        if (!DenormalFlush.IsSupported)
        {
            throw new PlatformNotSupportedException("denormals: this platform's denormal control is not known (DenormalFlush.IsSupported is false)");
        }

        var results = new JsonArray();
        foreach (var (name, config, steps) in Cases())
        {
            var data = DatasetLoader.Load(config, TableReaders.None);
            RunSteps(config, data, steps, flush: true);
            var kept = new List<double>();
            var flushed = new List<double>();
            for (int round = 0; round < Rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Which side goes first alternates, so neither always meets the other's warm caches.
                bool keptFirst = round % 2 == 0;
                double first = RunSteps(config, data, steps, flush: !keptFirst);
                double second = RunSteps(config, data, steps, flush: keptFirst);
                kept.Add(keptFirst ? first : second);
                flushed.Add(keptFirst ? second : first);
            }

            double keptUs = PairedMedian.Of(kept), flushedUs = PairedMedian.Of(flushed);
            double ratio = PairedMedian.Of(kept.Zip(flushed, (k, f) => k / f).ToList());
            Console.WriteLine($"{name,-28} kept {keptUs,7:F1} us/step, flushed {flushedUs,7:F1} us/step, x{ratio:F2}");
            results.Add(new JsonObject
            {
                ["name"] = name,
                ["steps"] = steps,
                ["cpu_us_per_step_kept"] = Math.Round(keptUs, 1),
                ["cpu_us_per_step_flushed"] = Math.Round(flushedUs, 1),
                ["speedup"] = Math.Round(ratio, 2),
            });
        }

        return Task.FromResult(new JsonObject
        {
            ["suite"] = Name,
            ["rounds"] = Rounds,
            ["load_average"] = EngineBench.LoadAverage(),
            ["cases"] = results,
        });
    }

    /// <summary>depth-residual.json's base and data with the axes fixed, plus spirals-adam.</summary>
    private static IEnumerable<(string Name, TrialConfig Config, int Steps)> Cases()
    {
        var depthResidual = new TrialConfig
        {
            Dataset = "spirals", Samples = 1000, Noise = 0.1, Width = 32, Activation = "relu", Optimizer = "momentum",
            Lr = 0.01, BatchSize = 32, Norm = "none", Epochs = 0, Steps = 500, Seed = 0,
        };
        foreach (int depth in new[] { 16, 32 })
        {
            foreach (string init in new[] { "he-normal", "xavier-uniform", "gaussian" })
            {
                yield return ($"depth-residual d{depth} {init}", depthResidual with { Depth = depth, Init = init }, 500);
            }
        }

        var spirals = EngineBenchCase.All(realFashionMnist: false).Single(c => c.Name == "spirals-adam").Config;
        yield return ("spirals-adam", spirals, 2000);
    }

    /// <summary>
    /// CPU microseconds per step over the first <paramref name="steps"/> steps of fresh sessions, as many as make
    /// 5,000 steps: one short trial (a few milliseconds) would be read at one moment of a machine whose speed moves.
    /// </summary>
    private static double RunSteps(TrialConfig config, Dataset data, int steps, bool flush)
    {
        using var scope = flush ? DenormalFlush.Enter() : default;
        int sessions = Math.Max(1, 5000 / steps);
        var elapsed = TimeSpan.Zero;
        for (int i = 0; i < sessions; i++)
        {
            var session = new TrainingSession(config, data);
            var clock = new CpuClock();
            for (int t = 0; t < steps; t++)
            {
                session.Step(t, measureUpdate: false);
            }

            elapsed += clock.Cpu;
        }

        return elapsed.TotalMilliseconds * 1000 / ((double)sessions * steps);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Sweep.Engine.Data;
using Sweep.Engine.Numerics;
using Sweep.Engine.Training;

namespace Sweep.Bench.Engine;

/// <summary>
/// Suite "engine-step": thread CPU time of one training step of each engine case (random data of
/// the cases' shapes), for tuning the engine without the full suite or the PyTorch peer. The cases
/// alternate in rounds and the best round counts, so a change in the machine's load touches every
/// case alike.
/// </summary>
public sealed class EngineStepBench : IBenchSuite
{
    private const int Rounds = 5;
    private const int StepsPerRound = 60;

    public string Name => "engine-step";

    public Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        // As in a trial (Trainer.Run): denormals flushed, so the steps measured are the steps a sweep runs.
        using var flush = DenormalFlush.Enter();
        var cases = EngineBenchCase.All(realFashionMnist: false)
            .Select(c => (c.Name, Session: new TrainingSession(c.Config, DatasetLoader.Load(c.Config, TableReaders.None))))
            .ToArray();
        var best = new double[cases.Length];
        Array.Fill(best, double.MaxValue);
        foreach (var (_, session) in cases)
        {
            for (int t = 0; t < 50; t++)
            {
                session.Step(t, measureUpdate: false);
            }
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < cases.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = new CpuClock();
                for (int t = 0; t < StepsPerRound; t++)
                {
                    cases[i].Session.Step(t, measureUpdate: false);
                }

                best[i] = Math.Min(best[i], clock.Cpu.TotalMilliseconds * 1000 / StepsPerRound);
            }
        }

        var results = new JsonArray();
        for (int i = 0; i < cases.Length; i++)
        {
            var session = cases[i].Session;
            double samples = session.BatchSize / (best[i] * 1e-6);
            Console.WriteLine($"{cases[i].Name}: {best[i]:F1} us/step, {samples:F0} samples per CPU second");
            results.Add(new JsonObject
            {
                ["name"] = cases[i].Name,
                ["cpu_us_per_step"] = Math.Round(best[i], 1),
                ["cpu_samples_per_s"] = Math.Round(samples, 0),
            });
        }

        return Task.FromResult(new JsonObject
        {
            ["suite"] = Name, ["cases"] = results, ["rounds"] = Rounds, ["steps"] = StepsPerRound, ["gaussian_init"] = GaussianInit(),
        });
    }

    /// <summary>
    /// Gaussian initialisation of wide-1024's 1.86 M weights (he-normal's draws): SeededRandom.FillGaussian against
    /// the same values drawn one by one with NextGaussian (the same bits; the one-by-one loop is what init ran before),
    /// alternating for 15 rounds into an already touched buffer, with the median of the paired ratios.
    /// </summary>
    private static JsonObject GaussianInit()
    {
        const int Weights = 784 * 1024 + 1024 * 1024 + 1024 * 10;
        const int GaussianRounds = 15;
        var weights = new float[Weights];
        double std = Math.Sqrt(2.0 / 784);
        var bulk = new List<double>();
        var single = new List<double>();
        for (int round = -2; round < GaussianRounds; round++) // two warm-up rounds
        {
            var clock = Stopwatch.StartNew();
            new Sweep.Engine.Random.SeededRandom(round).FillGaussian(weights, std);
            double bulkMs = clock.Elapsed.TotalMilliseconds;
            var random = new Sweep.Engine.Random.SeededRandom(round);
            clock.Restart();
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(std * random.NextGaussian());
            }

            double singleMs = clock.Elapsed.TotalMilliseconds;
            if (round >= 0)
            {
                bulk.Add(bulkMs);
                single.Add(singleMs);
            }
        }

        var ratios = bulk.Zip(single, (b, s) => s / b).ToList();
        Console.WriteLine($"gaussian init of {Weights:N0} weights: FillGaussian {bulk.Min():F1} ms, one by one {single.Min():F1} ms, " +
            $"paired median x{PairedMedian.Of(ratios):F2}");
        return new JsonObject
        {
            ["weights"] = Weights,
            ["fill_ms_best"] = Math.Round(bulk.Min(), 2),
            ["one_by_one_ms_best"] = Math.Round(single.Min(), 2),
            ["fill_ns_per_value"] = Math.Round(bulk.Min() * 1e6 / Weights, 2),
            ["paired_speedup_median"] = Math.Round(PairedMedian.Of(ratios), 2),
        };
    }
}

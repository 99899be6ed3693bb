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

        return Task.FromResult(new JsonObject { ["suite"] = Name, ["cases"] = results, ["rounds"] = Rounds, ["steps"] = StepsPerRound });
    }
}

using System.Text.Json.Nodes;
using Sweep.Bench.Engine;
using Sweep.Engine.Data;
using Sweep.Engine.Kernels;
using Sweep.Engine.Training;

namespace Sweep.Bench;

/// <summary>
/// Suite "engine" (issue 3): single-thread training throughput of four MLP configurations beside
/// PyTorch (bench/peers/torch_mlp.py, one thread), alternating case by case in the same run; plus
/// the GEMM throughput of the fmnist-mlp and wide-1024 shapes beside the measured FMA peak, per
/// shape class (forward, input-gradient, weight-gradient; issue 17), with the vector width and peak.
/// gflops of a training case counts the matrix products that run (<see cref="EngineBenchCase.ExecutedFlopsPerSample"/>:
/// 2 flops per weight forward, 2 for the weight gradient, 2 for the input gradient of every layer but the first,
/// whose input gradient the engine skips), and peak_fraction divides it by the FMA peak measured in the same run.
/// Every rate is also given per CPU second (cpu_* fields): on a shared machine the wall rates fall
/// with the share of the core a run got, the CPU rates do not.
/// </summary>
public sealed class EngineBench : IBenchSuite
{
    /// <summary>
    /// Timed runs per side and case: the best of each side gives samples_per_s and ratio; the two sides' runs of one
    /// round, seconds apart, give one paired ratio, and paired_ratio_median is the median of those: best against best
    /// may pair runs made minutes apart at different speeds of the machine (it moved by a fifth within minutes on the
    /// AVX2 machine of issue 17).
    /// </summary>
    private const int Rounds = 3;

    public string Name => "engine";

    public Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var peak = FmaPeak.MeasureGflops();
        bool realData = DatasetLoader.CanResolve(
            new() { Dataset = "fashion-mnist", DatasetPath = EngineBenchCase.FashionMnistFolder }, TableReaders.None, out _);
        var torch = new TorchPeer();
        Console.WriteLine($"fma peak {peak.PerWallSecond:F1} GFLOP/s wall, {peak.PerCpuSecond:F1} per CPU second ({FmaPeak.Width}), " +
            $"gemm kernel {Gemm.KernelName}, data {(realData ? "fashion-mnist" : "random")}, torch {torch.Version ?? torch.Unavailable}");

        var cases = new JsonArray();
        foreach (var benchCase in EngineBenchCase.All(realData))
        {
            cancellationToken.ThrowIfCancellationRequested();
            cases.Add(RunCase(benchCase, torch, ref peak));
        }

        foreach (var shapes in new[] { GemmShapesBench.FmnistMlp(), GemmShapesBench.Wide1024() })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (perClass, step) = shapes.Measure(TimeSpan.FromSeconds(3));
            peak = ThroughputSample.Max(peak, FmaPeak.MeasureGflops());
            cases.Add(GemmEntry(shapes.Name, perClass, step, peak));
        }

        var machine = new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["fma_peak_gflops"] = Math.Round(peak.PerWallSecond, 1),
            ["cpu_fma_peak_gflops"] = Math.Round(peak.PerCpuSecond, 1),
            ["fma_peak_width"] = FmaPeak.Width,
            ["gemm_kernel"] = Gemm.KernelName,
            ["load_average"] = LoadAverage(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
        };
        var document = new JsonObject
        {
            ["suite"] = Name,
            ["machine"] = machine,
            ["data"] = realData ? $"fashion-mnist from {EngineBenchCase.FashionMnistFolder}" : "random 784-feature data (Fashion-MNIST not installed)",
            ["threads"] = 1,
            ["timed"] = "per run and side: building and initialising the model and optimizer, then training (Trainer.Run; torch_mlp.py from MLP(...) on); the data is loaded beforehand",
            ["torch"] = torch.Version is { } version ? $"torch {version}, 1 thread, denormals flushed as in the engine" : $"omitted: {torch.Unavailable}",
            ["cases"] = cases,
        };
        return Task.FromResult(document);
    }

    private static JsonObject RunCase(EngineBenchCase benchCase, TorchPeer torch, ref ThroughputSample peak)
    {
        var data = DatasetLoader.Load(benchCase.Config, TableReaders.None);
        // Warm-up: one whole untimed run, so JIT tiering (call counting, then the optimized re-JIT in the
        // background) is finished and the timed runs measure steady training. A few hundred steps were not
        // enough: the short spirals case then ran its first timed run partly on unoptimized code.
        Trainer.Run(benchCase.Config, data);
        var ours = new ThroughputSample(0, 0);
        var theirs = new ThroughputSample(0, 0);
        var pairedRatios = new List<double>();
        TrialResult? result = null;
        // Ours and the peer alternate, best of each, so load from elsewhere hits both alike.
        for (int round = 0; round < Rounds; round++)
        {
            var clock = new CpuClock();
            result = Trainer.Run(benchCase.Config, data);
            var ourRound = clock.Rate(result.Summary.ExamplesSeen);
            ours = ThroughputSample.Max(ours, ourRound);
            if (torch.Unavailable is null)
            {
                var theirRound = torch.Measure(benchCase.TorchArguments);
                theirs = ThroughputSample.Max(theirs, theirRound);
                pairedRatios.Add(ourRound.PerWallSecond / theirRound.PerWallSecond);
            }
        }

        // The peak is remeasured beside every case and the best kept, so a fraction never rests on a peak
        // read while the machine was slower than during the case.
        peak = ThroughputSample.Max(peak, FmaPeak.MeasureGflops());
        double flopsPerSample = benchCase.ExecutedFlopsPerSample(data.Features, data.Outputs);
        double gflops = ours.PerWallSecond * flopsPerSample / 1e9;
        double cpuGflops = ours.PerCpuSecond * flopsPerSample / 1e9;
        var entry = new JsonObject
        {
            ["name"] = benchCase.Name,
            ["samples_per_s"] = Math.Round(ours.PerWallSecond, 1),
            ["gflops"] = Math.Round(gflops, 2),
            ["peak_fraction"] = Math.Round(gflops / peak.PerWallSecond, 3),
        };
        string line = $"{benchCase.Name}: {ours.PerWallSecond:F0} samples/s ({ours.PerCpuSecond:F0} per CPU second), " +
            $"{gflops:F1} GFLOP/s of products = {gflops / peak.PerWallSecond:P0} of peak (per CPU second {cpuGflops / peak.PerCpuSecond:P0})";
        if (torch.Unavailable is null)
        {
            entry["torch_samples_per_s"] = Math.Round(theirs.PerWallSecond, 1);
            entry["ratio"] = Math.Round(ours.PerWallSecond / theirs.PerWallSecond, 2);
            entry["paired_ratio_median"] = Math.Round(PairedMedian.Of(pairedRatios), 2);
            entry["paired_ratios"] = new JsonArray(pairedRatios.Select(r => (JsonNode)Math.Round(r, 3)).ToArray());
            line += $"; torch {theirs.PerWallSecond:F0} ({theirs.PerCpuSecond:F0}); ratio {ours.PerWallSecond / theirs.PerWallSecond:F2} " +
                $"(per CPU second {ours.PerCpuSecond / theirs.PerCpuSecond:F2}; paired rounds {string.Join(" ", pairedRatios.Select(r => r.ToString("F2")))})";
        }

        entry["cpu_samples_per_s"] = Math.Round(ours.PerCpuSecond, 1);
        entry["cpu_gflops"] = Math.Round(cpuGflops, 2);
        entry["cpu_peak_fraction"] = Math.Round(cpuGflops / peak.PerCpuSecond, 3);
        if (torch.Unavailable is null)
        {
            entry["torch_cpu_samples_per_s"] = Math.Round(theirs.PerCpuSecond, 1);
            entry["cpu_ratio"] = Math.Round(ours.PerCpuSecond / theirs.PerCpuSecond, 2);
        }

        entry["status"] = result!.Status.ToString().ToLowerInvariant();
        entry["final_train_loss"] = Math.Round(result.Summary.FinalTrainLoss, 4);
        Console.WriteLine(line);
        return entry;
    }

    /// <summary>
    /// GEMM of one case's shapes: executed GFLOP/s of the whole step's products and the fraction of the
    /// FMA peak, in total and per shape class (forward, input-gradient, weight-gradient), so a
    /// shortfall shows where it is.
    /// </summary>
    private static JsonObject GemmEntry(string shapes, ThroughputSample[] perClass, ThroughputSample step, ThroughputSample peak)
    {
        var entry = new JsonObject
        {
            ["name"] = $"gemm-{shapes}",
            ["gflops"] = Math.Round(step.PerWallSecond, 2),
            ["peak_fraction"] = Math.Round(step.PerWallSecond / peak.PerWallSecond, 3),
            ["cpu_gflops"] = Math.Round(step.PerCpuSecond, 2),
            ["cpu_peak_fraction"] = Math.Round(step.PerCpuSecond / peak.PerCpuSecond, 3),
        };
        string line = $"gemm-{shapes}: {step.PerWallSecond:F1} GFLOP/s = {step.PerWallSecond / peak.PerWallSecond:P0} of peak " +
            $"(per CPU second {step.PerCpuSecond / peak.PerCpuSecond:P0})";
        foreach (var shapeClass in GemmShapesBench.Classes)
        {
            string field = GemmKernelsBench.ClassField(shapeClass);
            var rate = perClass[(int)shapeClass];
            entry[$"{field}_peak_fraction"] = Math.Round(rate.PerWallSecond / peak.PerWallSecond, 3);
            entry[$"cpu_{field}_peak_fraction"] = Math.Round(rate.PerCpuSecond / peak.PerCpuSecond, 3);
            line += $"; {field} {rate.PerWallSecond / peak.PerWallSecond:P0}";
        }

        Console.WriteLine(line);
        return entry;
    }

    /// <summary>The 1-minute load average on Linux (how busy the machine was), else null.</summary>
    internal static double? LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;
using Sweep.Bench.Engine;
using Sweep.Engine.Kernels;

namespace Sweep.Bench;

/// <summary>
/// Suite "gemm-kernels": the micro-kernel shapes of each accelerated width side by side on the
/// products of the fmnist-mlp and wide-1024 steps, per shape class, as fractions of the measured FMA
/// peak. This is how <see cref="Gemm"/>'s choice of tile per width was made (issue 17); rerun it on a
/// new kind of machine before changing the choice. Kernels alternate within each shape set.
/// </summary>
public sealed class GemmKernelsBench : IBenchSuite
{
    public string Name => "gemm-kernels";

    public Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var peak = FmaPeak.MeasureGflops();
        Console.WriteLine($"fma peak {peak.PerWallSecond:F1} GFLOP/s wall, {peak.PerCpuSecond:F1} per CPU second ({FmaPeak.Width})");
        var candidates = Candidates();
        var results = new JsonArray();
        foreach (var shapes in new[] { GemmShapesBench.FmnistMlp(), GemmShapesBench.Wide1024() })
        {
            foreach (var (name, measure) in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (perClass, step) = measure(shapes);
                var entry = new JsonObject { ["shapes"] = shapes.Name, ["kernel"] = name };
                string line = $"{shapes.Name,-10} {name,-16} step {step.PerWallSecond,6:F1} GFLOP/s = {step.PerWallSecond / peak.PerWallSecond,4:P0}";
                foreach (var shapeClass in GemmShapesBench.Classes)
                {
                    var rate = perClass[(int)shapeClass];
                    entry[ClassField(shapeClass) + "_peak_fraction"] = Math.Round(rate.PerWallSecond / peak.PerWallSecond, 3);
                    entry["cpu_" + ClassField(shapeClass) + "_peak_fraction"] = Math.Round(rate.PerCpuSecond / peak.PerCpuSecond, 3);
                    line += $"; {ClassField(shapeClass)} {rate.PerWallSecond / peak.PerWallSecond:P0}";
                }

                entry["gflops"] = Math.Round(step.PerWallSecond, 2);
                entry["peak_fraction"] = Math.Round(step.PerWallSecond / peak.PerWallSecond, 3);
                entry["cpu_peak_fraction"] = Math.Round(step.PerCpuSecond / peak.PerCpuSecond, 3);
                Console.WriteLine(line);
                results.Add(entry);
            }
        }

        return Task.FromResult(new JsonObject
        {
            ["suite"] = Name,
            ["fma_peak_gflops"] = Math.Round(peak.PerWallSecond, 1),
            ["cpu_fma_peak_gflops"] = Math.Round(peak.PerCpuSecond, 1),
            ["fma_peak_width"] = FmaPeak.Width,
            ["gemm_kernel"] = Gemm.KernelName,
            ["cases"] = results,
        });
    }

    internal static string ClassField(GemmShapeClass shapeClass) => shapeClass switch
    {
        GemmShapeClass.Forward => "forward",
        GemmShapeClass.InputGradient => "input_gradient",
        _ => "weight_gradient",
    };

    private static List<(string Name, Func<GemmShapesBench, (ThroughputSample[], ThroughputSample)> Measure)> Candidates()
    {
        var time = TimeSpan.FromSeconds(1.5);
        var list = new List<(string, Func<GemmShapesBench, (ThroughputSample[], ThroughputSample)>)>();
        if (Vector512.IsHardwareAccelerated)
        {
            list.Add(("512 8x32", s => s.Measure<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(time)));
            // The same kernel under other blockings than the machine's (GemmBlocking): an a block that fills L1 with each
            // b panel reused across it (the rule before), and KC x1.5.
            var machine = GemmDriver<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>.MachineBlocking;
            var reusing = GemmBlocking.ReusingBPanels(CacheSizes.Machine, 8, 32);
            list.Add(("512 8x32 a block fills L1", s => s.Measure<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(time, reusing)));
            list.Add(("512 8x32 kc*1.5", s => s.Measure<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(time, machine with { DepthBlock = machine.DepthBlock * 3 / 2 })));
            list.Add(("512 12x32", s => s.Measure<GemmKernel<Vector512Ops, Vector512<float>, Rows12>>(time)));
            list.Add(("512 14x32", s => s.Measure<GemmKernel<Vector512Ops, Vector512<float>, Rows14>>(time)));
        }

        if (Vector256.IsHardwareAccelerated)
        {
            list.Add(("256 6x16", s => s.Measure<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>(time)));
            list.Add(("256 8x16", s => s.Measure<GemmKernel<Vector256Ops, Vector256<float>, Rows8>>(time)));
        }

        return list;
    }
}

using System.Runtime.Intrinsics;
using System.Text.Json.Nodes;
using Sweep.Bench.Engine;
using Sweep.Engine.Kernels;

namespace Sweep.Bench;

/// <summary>
/// Suite "gemm-ab" (issue 17): GEMM variants side by side on a shared, noisy machine. The variants run in
/// short slices (60 ms of CPU time), interleaved class by class and rotated round by round, for many
/// rounds; per shape class each variant's rate is divided by the first variant's in the same round and
/// the median of those ratios is reported, with each variant's median fraction of the FMA peak (measured
/// once a round). On a machine whose speed moves by a third from one second to the next (a VM whose
/// neighbours load the host), only such paired medians separated changes of a few percent; gemm-kernels'
/// best-of-three per candidate did not. Also the micro-kernel alone on L1-resident panels: the ceiling the
/// loop nest can approach.
/// </summary>
public sealed class GemmAbBench : IBenchSuite
{
    private const int Rounds = 30;

    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(60);

    public string Name => "gemm-ab";

    public Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var variants = Variants();
        var shapes = new[] { GemmShapesBench.FmnistMlp(), GemmShapesBench.Wide1024(), GemmShapesBench.SpiralsAdam() };
        var peaks = new List<double>();
        var rates = new Dictionary<(string Shapes, GemmShapeClass Class, string Variant), List<double>>();
        var alone = new List<double>();
        foreach (var set in shapes)
        {
            foreach (var shapeClass in GemmShapesBench.Classes)
            {
                foreach (var variant in variants)
                {
                    for (int i = 0; i < 5; i++)
                    {
                        variant.Run(set, shapeClass);
                    }

                    rates[(set.Name, shapeClass, variant.Name)] = [];
                }
            }
        }

        for (int round = 0; round < Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            peaks.Add(FmaPeak.MeasureGflops(10_000_000, 1).PerCpuSecond);
            alone.Add(KernelAlone());
            foreach (var set in shapes)
            {
                foreach (var shapeClass in GemmShapesBench.Classes)
                {
                    for (int i = 0; i < variants.Count; i++)
                    {
                        var variant = variants[(i + round) % variants.Count];
                        var clock = new CpuClock();
                        long steps = 0;
                        while (clock.Cpu < Slice)
                        {
                            variant.Run(set, shapeClass);
                            steps++;
                        }

                        rates[(set.Name, shapeClass, variant.Name)].Add(clock.Rate(steps * set.Flops(shapeClass) / 1e9).PerCpuSecond);
                    }
                }
            }
        }

        double peak = PairedMedian.Of(peaks);
        Console.WriteLine($"fma peak median {peak:F1} GFLOP/s per CPU second (rounds {peaks.Min():F1}-{peaks.Max():F1}); " +
            $"kernel alone in L1 {PairedMedian.Of(alone) / peak:P1} of it");
        var cases = new JsonArray();
        foreach (var set in shapes)
        {
            foreach (var variant in variants)
            {
                var entry = new JsonObject { ["shapes"] = set.Name, ["variant"] = variant.Name };
                string line = $"{set.Name,-10} {variant.Name,-26}";
                foreach (var shapeClass in GemmShapesBench.Classes)
                {
                    string field = GemmKernelsBench.ClassField(shapeClass);
                    var mine = rates[(set.Name, shapeClass, variant.Name)];
                    var first = rates[(set.Name, shapeClass, variants[0].Name)];
                    double fraction = PairedMedian.Of(mine) / peak;
                    double ratio = PairedMedian.Of(mine.Zip(first, (x, y) => x / y).ToList());
                    entry["cpu_" + field + "_peak_fraction"] = Math.Round(fraction, 3);
                    entry[field + "_ratio"] = Math.Round(ratio, 3);
                    line += $" {field} {fraction:P0} x{ratio:F3};";
                }

                Console.WriteLine(line);
                cases.Add(entry);
            }
        }

        return Task.FromResult(new JsonObject
        {
            ["suite"] = Name,
            ["cpu_fma_peak_gflops"] = Math.Round(peak, 1),
            ["fma_peak_width"] = FmaPeak.Width,
            ["gemm_kernel"] = Gemm.KernelName,
            ["kernel_alone_peak_fraction"] = Math.Round(PairedMedian.Of(alone) / peak, 3),
            ["rounds"] = Rounds,
            ["cases"] = cases,
        });
    }

    private sealed record Variant(string Name, Action<GemmShapesBench, GemmShapeClass> Run);

    /// <summary>The machine's kernel and blocking first (the basis of the ratios), then the alternatives.</summary>
    private static List<Variant> Variants()
    {
        var list = new List<Variant>();
        if (Vector512.IsHardwareAccelerated)
        {
            AddWidth<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(list, "512 8x32");
            var machine = Of<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>("512 8x32 transpose 8x8", null);
            list.Add(machine with { Run = (set, shapeClass) => WithNarrowTranspose(() => machine.Run(set, shapeClass)) });
            list.Add(Of<GemmKernel<Vector512Ops, Vector512<float>, Rows12>>("512 12x32", null));
        }

        if (Vector256.IsHardwareAccelerated)
        {
            AddWidth<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>(list, "256 6x16");
        }

        // The machine's kernel with a's last, shorter panel padded with zero rows through the full kernel, as before the
        // edge kernels (batches of 64 and 128 leave the 6-row tile a 4- or 2-row panel).
        var first = list[0];
        list.Add(first with { Name = first.Name + " padded edge", Run = (set, shapeClass) => WithPaddedEdges(() => first.Run(set, shapeClass)) });

        // The machine's kernel with every operand packed, as before small ones were read in place (spirals-adam's 64 x 64
        // layers; the larger sets take the packed path either way, so their ratio shows the loop nest unchanged).
        list.Add(first with { Name = first.Name + " packed small", Run = (set, shapeClass) => WithSmallOperandsPacked(() => first.Run(set, shapeClass)) });
        return list;
    }

    /// <summary>
    /// A kernel with the machine's blocking, and with the other rule for MC and NC (<see cref="GemmBlocking"/>): an a block
    /// that fills L1 for the AVX-512 kernel (its rule before), b panels streamed past a small a block for the narrower
    /// ones; for the AVX-512 kernel also one a panel per row block.
    /// </summary>
    private static void AddWidth<TKernel>(List<Variant> list, string name)
        where TKernel : struct, IGemmMicroKernel
    {
        var machine = GemmDriver<TKernel>.MachineBlocking;
        bool streams = GemmBlocking.StreamsBPanels(TKernel.Columns);
        var other = streams
            ? GemmBlocking.ReusingBPanels(CacheSizes.Machine, TKernel.Rows, TKernel.Columns)
            : GemmBlocking.StreamingBPanels(CacheSizes.Machine, TKernel.Rows, TKernel.Columns);
        list.Add(Of<TKernel>($"{name} mc {machine.RowBlock} nc {machine.ColumnBlock}", null));
        list.Add(Of<TKernel>($"{name} mc {other.RowBlock} nc {other.ColumnBlock} ({(streams ? "a block fills L1" : "streaming b")})", other));
        if (streams && machine.RowBlock != TKernel.Rows)
        {
            list.Add(Of<TKernel>($"{name} mc {TKernel.Rows} (one a panel)", machine with { RowBlock = TKernel.Rows }));
        }
    }

    /// <summary>Runs with the 8 x 8 AVX transposes packing every panel, as before the 16 x 16 and 8 x 16 AVX-512 ones.</summary>
    private static void WithNarrowTranspose(Action run) => WithSwitchOff(on => PanelTranspose.UseWideTranspose = on, run);

    /// <summary>Runs with <see cref="Gemm.UseEdgeKernels"/> off: the last panel of a padded to the full tile.</summary>
    private static void WithPaddedEdges(Action run) => WithSwitchOff(on => Gemm.UseEdgeKernels = on, run);

    /// <summary>Runs with <see cref="Gemm.ReadSmallOperandsInPlace"/> off: every operand packed.</summary>
    private static void WithSmallOperandsPacked(Action run) => WithSwitchOff(on => Gemm.ReadSmallOperandsInPlace = on, run);

    /// <summary>Runs with a GEMM switch (on by default) turned off, and turns it back on.</summary>
    private static void WithSwitchOff(Action<bool> set, Action run)
    {
        set(false);
        try
        {
            run();
        }
        finally
        {
            set(true);
        }
    }

    private static Variant Of<TKernel>(string name, GemmBlocking? blocking)
        where TKernel : struct, IGemmMicroKernel
    {
        var chosen = blocking ?? GemmDriver<TKernel>.MachineBlocking;
        return new(name, (set, shapeClass) => set.RunWith<TKernel>(shapeClass, chosen));
    }

    /// <summary>GFLOP/s per CPU second of the widest kernel on one a panel and one b panel (kc 192) that stay in L1.</summary>
    private static double KernelAlone() => Vector512.IsHardwareAccelerated
        ? KernelAlone<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>()
        : KernelAlone<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>();

    private static double KernelAlone<TKernel>()
        where TKernel : struct, IGemmMicroKernel
    {
        const int Depth = 192;
        var a = new float[TKernel.Rows * Depth];
        var b = new float[Depth * TKernel.Columns];
        var c = new float[TKernel.Rows * TKernel.Columns];
        var bias = new float[TKernel.Columns];
        var clock = new CpuClock();
        long calls = 0;
        while (clock.Cpu < Slice)
        {
            for (int i = 0; i < 1000; i++)
            {
                TKernel.Run<PackedPanels>(ref a[0], 0, ref b[0], 0, Depth, ref c[0], TKernel.Columns, accumulate: true, ref bias[0], addBias: false);
            }

            calls += 1000;
        }

        return clock.Rate(calls * 2.0 * TKernel.Rows * TKernel.Columns * Depth / 1e9).PerCpuSecond;
    }
}

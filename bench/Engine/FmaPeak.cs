using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Bench.Engine;

/// <summary>
/// The single-core FMA ceiling: 12 independent fused multiply-add chains held in registers (enough
/// to cover the latency of two FMA ports), Vector512 where accelerated, else Vector256. Accumulators
/// are locals the JIT keeps in registers; an array of accumulators would spill and report a fraction.
/// </summary>
internal static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>Best of several runs, in GFLOP/s (an FMA counts as 2 flops per lane) per wall and per CPU second.</summary>
    public static ThroughputSample MeasureGflops(int iterations = 20_000_000, int repeats = 5)
    {
        bool wide = Vector512.IsHardwareAccelerated;
        int lanes = wide ? Vector512<float>.Count : Vector256<float>.Count;
        var best = new ThroughputSample(0, 0);
        for (int r = 0; r < repeats; r++)
        {
            var clock = new CpuClock();
            float sink = wide ? Chains512(iterations) : Chains256(iterations);
            GC.KeepAlive(sink);
            best = ThroughputSample.Max(best, clock.Rate(2.0 * Chains * lanes * iterations / 1e9));
        }

        return best;
    }

    public static string Width => Vector512.IsHardwareAccelerated ? "vector512" : "vector256";

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains512(int iterations)
    {
        var x = Vector512.Create(0.999f);
        var y = Vector512.Create(0.001f);
        Vector512<float> c0 = y, c1 = y + y, c2 = c1 + y, c3 = c2 + y, c4 = c3 + y, c5 = c4 + y;
        Vector512<float> c6 = c5 + y, c7 = c6 + y, c8 = c7 + y, c9 = c8 + y, c10 = c9 + y, c11 = c10 + y;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y);
            c1 = Vector512.FusedMultiplyAdd(c1, x, y);
            c2 = Vector512.FusedMultiplyAdd(c2, x, y);
            c3 = Vector512.FusedMultiplyAdd(c3, x, y);
            c4 = Vector512.FusedMultiplyAdd(c4, x, y);
            c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y);
            c7 = Vector512.FusedMultiplyAdd(c7, x, y);
            c8 = Vector512.FusedMultiplyAdd(c8, x, y);
            c9 = Vector512.FusedMultiplyAdd(c9, x, y);
            c10 = Vector512.FusedMultiplyAdd(c10, x, y);
            c11 = Vector512.FusedMultiplyAdd(c11, x, y);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains256(int iterations)
    {
        var x = Vector256.Create(0.999f);
        var y = Vector256.Create(0.001f);
        Vector256<float> c0 = y, c1 = y + y, c2 = c1 + y, c3 = c2 + y, c4 = c3 + y, c5 = c4 + y;
        Vector256<float> c6 = c5 + y, c7 = c6 + y, c8 = c7 + y, c9 = c8 + y, c10 = c9 + y, c11 = c10 + y;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, x, y);
            c1 = Vector256.FusedMultiplyAdd(c1, x, y);
            c2 = Vector256.FusedMultiplyAdd(c2, x, y);
            c3 = Vector256.FusedMultiplyAdd(c3, x, y);
            c4 = Vector256.FusedMultiplyAdd(c4, x, y);
            c5 = Vector256.FusedMultiplyAdd(c5, x, y);
            c6 = Vector256.FusedMultiplyAdd(c6, x, y);
            c7 = Vector256.FusedMultiplyAdd(c7, x, y);
            c8 = Vector256.FusedMultiplyAdd(c8, x, y);
            c9 = Vector256.FusedMultiplyAdd(c9, x, y);
            c10 = Vector256.FusedMultiplyAdd(c10, x, y);
            c11 = Vector256.FusedMultiplyAdd(c11, x, y);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}

using System.Runtime.CompilerServices;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Portable micro-kernel for machines (or runs) without SIMD acceleration: a 4 x 4 tile in 16 scalar
/// accumulators. Uses multiply then add, not a fused multiply-add, which would be emulated in software.
/// </summary>
internal readonly struct GemmKernelScalar : IGemmMicroKernel
{
    public static int Rows => 4;

    public static int Columns => 4;

    public static bool IsSupported => true;

    /// <summary>c[4, 4] (ldc apart) (+)= aPanel[kc][4]ᵀ · bPanel[kc, 4], then + bias[4] if addBias; sums start at zero and run p = 0..kc-1.</summary>
    public static void Run(ref float aPanel, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias) =>
        RunEdge(4, ref aPanel, ref bPanel, kc, ref c, ldc, accumulate, ref bias, addBias);

    /// <summary>The same for the first <paramref name="rows"/> (1..4) rows, a packed [kc][rows].</summary>
    public static void RunEdge(int rows, ref float aPanel, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
    {
        Span<float> sums = stackalloc float[16];
        sums.Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                float value = Unsafe.Add(ref aPanel, r);
                for (int j = 0; j < 4; j++)
                {
                    sums[r * 4 + j] += value * Unsafe.Add(ref bPanel, j);
                }
            }

            aPanel = ref Unsafe.Add(ref aPanel, rows);
            bPanel = ref Unsafe.Add(ref bPanel, 4);
        }

        for (int r = 0; r < rows; r++)
        {
            ref float row = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < 4; j++)
            {
                float value = accumulate ? Unsafe.Add(ref row, j) + sums[r * 4 + j] : sums[r * 4 + j];
                Unsafe.Add(ref row, j) = addBias ? value + Unsafe.Add(ref bias, j) : value;
            }
        }
    }
}

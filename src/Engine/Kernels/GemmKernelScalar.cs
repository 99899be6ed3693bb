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

    /// <summary>c[4, 4] (ldc apart) (+)= a · b, then + bias[4] if addBias; packed a [kc][4] and b [kc][4], or at the steps given (<see cref="IGemmMicroKernel.Run"/>).</summary>
    public static void Run<TPanels>(ref float aPanel, nint aStep, ref float bPanel, nint bStep, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps =>
        RunEdge<TPanels>(4, ref aPanel, aStep, ref bPanel, bStep, kc, ref c, ldc, accumulate, ref bias, addBias);

    /// <summary>
    /// The first <paramref name="rows"/> (1..4) rows: a packed [kc][rows] and b [kc][4]; strided, a(i, p) = aPanel[p * aStep + i]
    /// (rows apart: aPanel[i * aStep + p]) and b(p, j) = bPanel[p * bStep + j].
    /// </summary>
    public static void RunEdge<TPanels>(int rows, ref float aPanel, nint aStep, ref float bPanel, nint bStep, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps
    {
        nint aRow = 1;
        if (!TPanels.Strided)
        {
            aStep = rows;
            bStep = 4;
        }
        else if (TPanels.ARowsApart)
        {
            aRow = aStep;
            aStep = 1;
        }

        Span<float> sums = stackalloc float[16];
        sums.Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                float value = Unsafe.Add(ref aPanel, r * aRow);
                for (int j = 0; j < 4; j++)
                {
                    sums[r * 4 + j] += value * Unsafe.Add(ref bPanel, j);
                }
            }

            aPanel = ref Unsafe.Add(ref aPanel, aStep);
            bPanel = ref Unsafe.Add(ref bPanel, bStep);
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

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Engine.Kernels;

/// <summary>
/// AVX2 micro-kernel: a 6 x 16 tile of c in 12 ymm accumulators (plus 2 for b and 1 broadcast,
/// of 16 registers), so the FMA chains never touch memory. Each element's sum is one FMA chain in
/// increasing p, the same wherever the element lies, so results do not depend on the tile layout.
/// </summary>
internal readonly struct GemmKernel256 : IGemmMicroKernel
{
    public static int Rows => 6;

    public static int Columns => 16;

    public static int MaxDepth => 256;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>c[6, 16] (ldc apart) (+)= a[6, kc] (element (i, p) at a[i * aRowStride + p * aDepthStride]) · bPanel[kc, 16]; sums start at zero and run p = 0..kc-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref float a, nint aRowStride, nint aDepthStride, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        // Rows 0..2 from aLow, 3..5 from aHigh: every broadcast is one base plus a stride register.
        nint s1 = aRowStride;
        nint s2 = 2 * aRowStride;
        ref float aLow = ref a;
        ref float aHigh = ref Unsafe.Add(ref a, 3 * aRowStride);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref bPanel);
            var b1 = Vector256.LoadUnsafe(ref bPanel, 8);
            var a0 = Vector256.Create(aLow);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref aLow, s1));
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref aLow, s2));
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(aHigh);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(Unsafe.Add(ref aHigh, s1));
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(Unsafe.Add(ref aHigh, s2));
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            aLow = ref Unsafe.Add(ref aLow, aDepthStride);
            aHigh = ref Unsafe.Add(ref aHigh, aDepthStride);
            bPanel = ref Unsafe.Add(ref bPanel, 16);
        }

        Store(ref c, c00, c01, accumulate);
        Store(ref Unsafe.Add(ref c, 1 * ldc), c10, c11, accumulate);
        Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float row, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.LoadUnsafe(ref row);
            v1 += Vector256.LoadUnsafe(ref row, 8);
        }

        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, 8);
    }
}

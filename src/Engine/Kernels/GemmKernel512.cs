using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Engine.Kernels;

/// <summary>
/// AVX-512 micro-kernel: an 8 x 32 tile of c in 16 zmm accumulators (plus 2 for b and 1 broadcast,
/// of 32 registers), so the FMA chains never touch memory. Each element's sum is one FMA chain in
/// increasing p, the same wherever the element lies, so results do not depend on the tile layout.
/// </summary>
internal readonly struct GemmKernel512 : IGemmMicroKernel
{
    public static int Rows => 8;

    public static int Columns => 32;

    public static int MaxDepth => 192;

    public static bool IsSupported => Vector512.IsHardwareAccelerated;

    /// <summary>c[8, 32] (ldc apart) (+)= a[8, kc] (element (i, p) at a[i * aRowStride + p * aDepthStride]) · bPanel[kc, 32]; sums start at zero and run p = 0..kc-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref float a, nint aRowStride, nint aDepthStride, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        // Rows 0..3 from aLow, 4..7 from aHigh: every broadcast is one base plus a stride register.
        nint s1 = aRowStride;
        nint s2 = 2 * aRowStride;
        nint s3 = 3 * aRowStride;
        ref float aLow = ref a;
        ref float aHigh = ref Unsafe.Add(ref a, 4 * aRowStride);
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref bPanel);
            var b1 = Vector512.LoadUnsafe(ref bPanel, 16);
            var a0 = Vector512.Create(aLow);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref aLow, s1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref aLow, s2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref aLow, s3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(aHigh);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref aHigh, s1));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref aHigh, s2));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref aHigh, s3));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            aLow = ref Unsafe.Add(ref aLow, aDepthStride);
            aHigh = ref Unsafe.Add(ref aHigh, aDepthStride);
            bPanel = ref Unsafe.Add(ref bPanel, 32);
        }

        Store(ref c, c00, c01, accumulate);
        Store(ref Unsafe.Add(ref c, 1 * ldc), c10, c11, accumulate);
        Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
        Store(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, accumulate);
        Store(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float row, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.LoadUnsafe(ref row);
            v1 += Vector512.LoadUnsafe(ref row, 16);
        }

        v0.StoreUnsafe(ref row);
        v1.StoreUnsafe(ref row, 16);
    }
}

using System.Runtime.CompilerServices;

namespace Sweep.Engine.Kernels;

/// <summary>
/// The SIMD micro-kernel, written once over the vector width (issue 12, item 6): a Rows x (2 vectors)
/// tile of c in 2 * Rows accumulators held in registers, so the FMA chains never touch memory.
/// <typeparamref name="TOps"/> supplies the vector operations of one width (<see cref="Vector512Ops"/>,
/// <see cref="Vector256Ops"/>, <see cref="Vector128Ops"/>) and <typeparamref name="TRows"/> the rows per
/// tile. The JIT compiles one copy per (width, rows) pair with Rows a constant, so the guarded rows past
/// Rows vanish and each copy is the hand-written kernel it replaced (measured side by side with the three
/// copies it replaces: bench figures in the commit message and the report of issue 12).
/// Each element's sum is one FMA chain in increasing p, the same wherever the element lies, so results
/// do not depend on the tile shape or the width's row count.
/// </summary>
internal readonly struct GemmKernel<TOps, TVector, TRows> : IGemmMicroKernel
    where TOps : struct, IGemmVectorOps<TVector>
    where TVector : struct
    where TRows : struct, IGemmTileRows
{
    public static int Rows => TRows.Rows;

    public static int Columns => 2 * TOps.Lanes;

    public static bool IsSupported => TOps.IsAccelerated;

    /// <summary>c[Rows, Columns] (ldc apart) (+)= a[Rows, kc] (element (i, p) at a[i * aRowStride + p * aDepthStride]) · bPanel[kc, Columns], then + bias[Columns] if addBias; sums start at zero and run p = 0..kc-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ref float a, nint aRowStride, nint aDepthStride, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
    {
        TVector c00 = TOps.Zero, c01 = TOps.Zero;
        TVector c10 = TOps.Zero, c11 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero;
        TVector c30 = TOps.Zero, c31 = TOps.Zero;
        TVector c40 = TOps.Zero, c41 = TOps.Zero;
        TVector c50 = TOps.Zero, c51 = TOps.Zero;
        TVector c60 = TOps.Zero, c61 = TOps.Zero;
        TVector c70 = TOps.Zero, c71 = TOps.Zero;
        TVector c80 = TOps.Zero, c81 = TOps.Zero;
        TVector c90 = TOps.Zero, c91 = TOps.Zero;
        TVector c100 = TOps.Zero, c101 = TOps.Zero;
        TVector c110 = TOps.Zero, c111 = TOps.Zero;
        TVector c120 = TOps.Zero, c121 = TOps.Zero;
        TVector c130 = TOps.Zero, c131 = TOps.Zero;
        int rows = TRows.Rows;
        nint lanes = TOps.Lanes;
        nint columns = 2 * lanes;
        // Rows in groups of four, each group one base: every broadcast is a base plus a stride register.
        nint s1 = aRowStride;
        nint s2 = 2 * aRowStride;
        nint s3 = 3 * aRowStride;
        ref float a0 = ref a;
        ref float a4 = ref Unsafe.Add(ref a, 4 * aRowStride);
        ref float a8 = ref Unsafe.Add(ref a, 8 * aRowStride);
        ref float a12 = ref Unsafe.Add(ref a, 12 * aRowStride);
        for (int p = 0; p < kc; p++)
        {
            var b0 = TOps.Load(ref bPanel, 0);
            var b1 = TOps.Load(ref bPanel, lanes);
            var x0 = TOps.Broadcast(a0);
            c00 = TOps.FusedMultiplyAdd(x0, b0, c00);
            c01 = TOps.FusedMultiplyAdd(x0, b1, c01);
            var x1 = TOps.Broadcast(Unsafe.Add(ref a0, s1));
            c10 = TOps.FusedMultiplyAdd(x1, b0, c10);
            c11 = TOps.FusedMultiplyAdd(x1, b1, c11);
            var x2 = TOps.Broadcast(Unsafe.Add(ref a0, s2));
            c20 = TOps.FusedMultiplyAdd(x2, b0, c20);
            c21 = TOps.FusedMultiplyAdd(x2, b1, c21);
            var x3 = TOps.Broadcast(Unsafe.Add(ref a0, s3));
            c30 = TOps.FusedMultiplyAdd(x3, b0, c30);
            c31 = TOps.FusedMultiplyAdd(x3, b1, c31);
            var x4 = TOps.Broadcast(a4);
            c40 = TOps.FusedMultiplyAdd(x4, b0, c40);
            c41 = TOps.FusedMultiplyAdd(x4, b1, c41);
            var x5 = TOps.Broadcast(Unsafe.Add(ref a4, s1));
            c50 = TOps.FusedMultiplyAdd(x5, b0, c50);
            c51 = TOps.FusedMultiplyAdd(x5, b1, c51);
            if (rows > 6)
            {
                var x6 = TOps.Broadcast(Unsafe.Add(ref a4, s2));
                c60 = TOps.FusedMultiplyAdd(x6, b0, c60);
                c61 = TOps.FusedMultiplyAdd(x6, b1, c61);
            }

            if (rows > 7)
            {
                var x7 = TOps.Broadcast(Unsafe.Add(ref a4, s3));
                c70 = TOps.FusedMultiplyAdd(x7, b0, c70);
                c71 = TOps.FusedMultiplyAdd(x7, b1, c71);
            }

            if (rows > 8)
            {
                var x8 = TOps.Broadcast(a8);
                c80 = TOps.FusedMultiplyAdd(x8, b0, c80);
                c81 = TOps.FusedMultiplyAdd(x8, b1, c81);
            }

            if (rows > 9)
            {
                var x9 = TOps.Broadcast(Unsafe.Add(ref a8, s1));
                c90 = TOps.FusedMultiplyAdd(x9, b0, c90);
                c91 = TOps.FusedMultiplyAdd(x9, b1, c91);
            }

            if (rows > 10)
            {
                var x10 = TOps.Broadcast(Unsafe.Add(ref a8, s2));
                c100 = TOps.FusedMultiplyAdd(x10, b0, c100);
                c101 = TOps.FusedMultiplyAdd(x10, b1, c101);
            }

            if (rows > 11)
            {
                var x11 = TOps.Broadcast(Unsafe.Add(ref a8, s3));
                c110 = TOps.FusedMultiplyAdd(x11, b0, c110);
                c111 = TOps.FusedMultiplyAdd(x11, b1, c111);
            }

            if (rows > 12)
            {
                var x12 = TOps.Broadcast(a12);
                c120 = TOps.FusedMultiplyAdd(x12, b0, c120);
                c121 = TOps.FusedMultiplyAdd(x12, b1, c121);
            }

            if (rows > 13)
            {
                var x13 = TOps.Broadcast(Unsafe.Add(ref a12, s1));
                c130 = TOps.FusedMultiplyAdd(x13, b0, c130);
                c131 = TOps.FusedMultiplyAdd(x13, b1, c131);
            }

            a0 = ref Unsafe.Add(ref a0, aDepthStride);
            a4 = ref Unsafe.Add(ref a4, aDepthStride);
            if (rows > 8)
            {
                a8 = ref Unsafe.Add(ref a8, aDepthStride);
            }

            if (rows > 12)
            {
                a12 = ref Unsafe.Add(ref a12, aDepthStride);
            }

            bPanel = ref Unsafe.Add(ref bPanel, columns);
        }

        var bias0 = addBias ? TOps.Load(ref bias, 0) : TOps.Zero;
        var bias1 = addBias ? TOps.Load(ref bias, lanes) : TOps.Zero;

        Store(ref c, c00, c01, lanes, accumulate, bias0, bias1, addBias);
        Store(ref Unsafe.Add(ref c, 1 * ldc), c10, c11, lanes, accumulate, bias0, bias1, addBias);
        Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, lanes, accumulate, bias0, bias1, addBias);
        Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, lanes, accumulate, bias0, bias1, addBias);
        Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, lanes, accumulate, bias0, bias1, addBias);
        Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, lanes, accumulate, bias0, bias1, addBias);
        if (rows > 6)
        {
            Store(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 7)
        {
            Store(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 8)
        {
            Store(ref Unsafe.Add(ref c, 8 * ldc), c80, c81, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 9)
        {
            Store(ref Unsafe.Add(ref c, 9 * ldc), c90, c91, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 10)
        {
            Store(ref Unsafe.Add(ref c, 10 * ldc), c100, c101, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 11)
        {
            Store(ref Unsafe.Add(ref c, 11 * ldc), c110, c111, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 12)
        {
            Store(ref Unsafe.Add(ref c, 12 * ldc), c120, c121, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 13)
        {
            Store(ref Unsafe.Add(ref c, 13 * ldc), c130, c131, lanes, accumulate, bias0, bias1, addBias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float row, TVector v0, TVector v1, nint lanes, bool accumulate, TVector bias0, TVector bias1, bool addBias)
    {
        if (accumulate)
        {
            v0 = TOps.Add(v0, TOps.Load(ref row, 0));
            v1 = TOps.Add(v1, TOps.Load(ref row, lanes));
        }

        if (addBias)
        {
            v0 = TOps.Add(v0, bias0);
            v1 = TOps.Add(v1, bias1);
        }

        TOps.Store(v0, ref row, 0);
        TOps.Store(v1, ref row, lanes);
    }
}

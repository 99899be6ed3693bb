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
/// a's Rows values of each p lie side by side, a packed panel [kc][Rows] (issue 17) or a small transposed a read in
/// place (<see cref="StridedPanels"/>): every broadcast is one pointer plus a constant (a small a stored by rows, read in
/// place, puts its rows a row length apart instead: <see cref="RowsApartPanels"/>), and
/// the loop runs two values of p per iteration, which halves its pointer and counter updates. Rows runs from 1
/// to 14: the copies with fewer rows than the width's tile compute the edge panels of a (<see cref="RunEdge"/>).
/// Each element's sum is one FMA chain in increasing p, the same wherever the element lies, so results
/// do not depend on the tile shape, the width's row count or the unrolling.
/// </summary>
internal readonly struct GemmKernel<TOps, TVector, TRows> : IGemmMicroKernel
    where TOps : struct, IGemmVectorOps<TVector>
    where TVector : struct
    where TRows : struct, IGemmTileRows
{
    public static int Rows => TRows.Rows;

    public static int Columns => 2 * TOps.Lanes;

    public static bool IsSupported => TOps.IsAccelerated;

    /// <summary>
    /// The same tile for a panel of <paramref name="rows"/> (1..Rows-1) rows: the copy of this kernel with that many rows, so an
    /// edge panel computes and stores only its own rows (each element the same FMA chain, so the same bits as in a full panel).
    /// Packed, a is [kc][rows]; strided, a's rows values of p lie at a + p·aStep; rows apart, a(i, p) at a + i·aStep + p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunEdge<TPanels>(int rows, ref float a, nint aStep, ref float b, nint bStep, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps
    {
        switch (rows)
        {
            case 1: GemmKernel<TOps, TVector, Rows1>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 2: GemmKernel<TOps, TVector, Rows2>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 3: GemmKernel<TOps, TVector, Rows3>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 4: GemmKernel<TOps, TVector, Rows4>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 5: GemmKernel<TOps, TVector, Rows5>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 6: GemmKernel<TOps, TVector, Rows6>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 7: GemmKernel<TOps, TVector, Rows7>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 8: GemmKernel<TOps, TVector, Rows8>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 9: GemmKernel<TOps, TVector, Rows9>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 10: GemmKernel<TOps, TVector, Rows10>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 11: GemmKernel<TOps, TVector, Rows11>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 12: GemmKernel<TOps, TVector, Rows12>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            case 13: GemmKernel<TOps, TVector, Rows13>.Run<TPanels>(ref a, aStep, ref b, bStep, kc, ref c, ldc, accumulate, ref bias, addBias); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), rows, $"an edge panel has 1 to {TRows.Rows - 1} rows");
        }
    }

    /// <summary>
    /// c[Rows, Columns] (ldc apart) (+)= a · b, then + bias[Columns] if addBias; sums start at zero and run p = 0..kc-1.
    /// <see cref="PackedPanels"/>: a is a packed panel [kc][Rows] and b one [kc][Columns] (the steps passed are ignored, the
    /// constants Rows and Columns used). <see cref="StridedPanels"/>: a(i, p) = a[p·aStep + i], b(p, j) = b[p·bStep + j], for an
    /// operand read where it lies. <see cref="RowsApartPanels"/>: a(i, p) = a[i·aStep + p] (a stored by rows, in place), b as
    /// strided. The same FMA chains every way, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TPanels>(ref float aPanel, nint aStride, ref float bPanel, nint bStride, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps
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
        nint rows = TRows.Rows;
        nint lanes = TOps.Lanes;
        // Rows of a: side by side (packed, or a transposed a in place), or aStride apart with p contiguous (a stored by
        // rows, in place: RowsApartPanels). Constants except where the panel kind says otherwise.
        nint aRow = TPanels.ARowsApart ? aStride : 1;
        nint aStep = TPanels.ARowsApart ? 1 : TPanels.Strided ? aStride : rows;
        nint bStep = TPanels.Strided ? bStride : 2 * lanes;
        int p = 0;
        for (; p + 1 < kc; p += 2)
        {
            Step(ref aPanel, aRow, ref bPanel, lanes, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111, ref c120, ref c121, ref c130, ref c131);
            Step(ref Unsafe.Add(ref aPanel, aStep), aRow, ref Unsafe.Add(ref bPanel, bStep), lanes, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111, ref c120, ref c121, ref c130, ref c131);
            aPanel = ref Unsafe.Add(ref aPanel, 2 * aStep);
            bPanel = ref Unsafe.Add(ref bPanel, 2 * bStep);
        }

        if (p < kc)
        {
            Step(ref aPanel, aRow, ref bPanel, lanes, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51, ref c60, ref c61, ref c70, ref c71, ref c80, ref c81, ref c90, ref c91, ref c100, ref c101, ref c110, ref c111, ref c120, ref c121, ref c130, ref c131);
        }

        var bias0 = addBias ? TOps.Load(ref bias, 0) : TOps.Zero;
        var bias1 = addBias ? TOps.Load(ref bias, lanes) : TOps.Zero;

        Store(ref c, c00, c01, lanes, accumulate, bias0, bias1, addBias);
        if (rows > 1)
        {
            Store(ref Unsafe.Add(ref c, 1 * ldc), c10, c11, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 2)
        {
            Store(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 3)
        {
            Store(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 4)
        {
            Store(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, lanes, accumulate, bias0, bias1, addBias);
        }

        if (rows > 5)
        {
            Store(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, lanes, accumulate, bias0, bias1, addBias);
        }

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

    /// <summary>One value of p: a[i · aRow] for i &lt; Rows (the tile's rows for this p) times the two vectors of b, into the accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref float a, nint aRow, ref float b, nint lanes, ref TVector c00, ref TVector c01, ref TVector c10, ref TVector c11, ref TVector c20, ref TVector c21, ref TVector c30, ref TVector c31, ref TVector c40, ref TVector c41, ref TVector c50, ref TVector c51, ref TVector c60, ref TVector c61, ref TVector c70, ref TVector c71, ref TVector c80, ref TVector c81, ref TVector c90, ref TVector c91, ref TVector c100, ref TVector c101, ref TVector c110, ref TVector c111, ref TVector c120, ref TVector c121, ref TVector c130, ref TVector c131)
    {
        int rows = TRows.Rows;
        var b0 = TOps.Load(ref b, 0);
        var b1 = TOps.Load(ref b, lanes);
        var x0 = TOps.Broadcast(a);
        c00 = TOps.FusedMultiplyAdd(x0, b0, c00);
        c01 = TOps.FusedMultiplyAdd(x0, b1, c01);
        if (rows > 1)
        {
            var x1 = TOps.Broadcast(Unsafe.Add(ref a, 1 * aRow));
            c10 = TOps.FusedMultiplyAdd(x1, b0, c10);
            c11 = TOps.FusedMultiplyAdd(x1, b1, c11);
        }

        if (rows > 2)
        {
            var x2 = TOps.Broadcast(Unsafe.Add(ref a, 2 * aRow));
            c20 = TOps.FusedMultiplyAdd(x2, b0, c20);
            c21 = TOps.FusedMultiplyAdd(x2, b1, c21);
        }

        if (rows > 3)
        {
            var x3 = TOps.Broadcast(Unsafe.Add(ref a, 3 * aRow));
            c30 = TOps.FusedMultiplyAdd(x3, b0, c30);
            c31 = TOps.FusedMultiplyAdd(x3, b1, c31);
        }

        if (rows > 4)
        {
            var x4 = TOps.Broadcast(Unsafe.Add(ref a, 4 * aRow));
            c40 = TOps.FusedMultiplyAdd(x4, b0, c40);
            c41 = TOps.FusedMultiplyAdd(x4, b1, c41);
        }

        if (rows > 5)
        {
            var x5 = TOps.Broadcast(Unsafe.Add(ref a, 5 * aRow));
            c50 = TOps.FusedMultiplyAdd(x5, b0, c50);
            c51 = TOps.FusedMultiplyAdd(x5, b1, c51);
        }

        if (rows > 6)
        {
            var x6 = TOps.Broadcast(Unsafe.Add(ref a, 6 * aRow));
            c60 = TOps.FusedMultiplyAdd(x6, b0, c60);
            c61 = TOps.FusedMultiplyAdd(x6, b1, c61);
        }

        if (rows > 7)
        {
            var x7 = TOps.Broadcast(Unsafe.Add(ref a, 7 * aRow));
            c70 = TOps.FusedMultiplyAdd(x7, b0, c70);
            c71 = TOps.FusedMultiplyAdd(x7, b1, c71);
        }

        if (rows > 8)
        {
            var x8 = TOps.Broadcast(Unsafe.Add(ref a, 8 * aRow));
            c80 = TOps.FusedMultiplyAdd(x8, b0, c80);
            c81 = TOps.FusedMultiplyAdd(x8, b1, c81);
        }

        if (rows > 9)
        {
            var x9 = TOps.Broadcast(Unsafe.Add(ref a, 9 * aRow));
            c90 = TOps.FusedMultiplyAdd(x9, b0, c90);
            c91 = TOps.FusedMultiplyAdd(x9, b1, c91);
        }

        if (rows > 10)
        {
            var x10 = TOps.Broadcast(Unsafe.Add(ref a, 10 * aRow));
            c100 = TOps.FusedMultiplyAdd(x10, b0, c100);
            c101 = TOps.FusedMultiplyAdd(x10, b1, c101);
        }

        if (rows > 11)
        {
            var x11 = TOps.Broadcast(Unsafe.Add(ref a, 11 * aRow));
            c110 = TOps.FusedMultiplyAdd(x11, b0, c110);
            c111 = TOps.FusedMultiplyAdd(x11, b1, c111);
        }

        if (rows > 12)
        {
            var x12 = TOps.Broadcast(Unsafe.Add(ref a, 12 * aRow));
            c120 = TOps.FusedMultiplyAdd(x12, b0, c120);
            c121 = TOps.FusedMultiplyAdd(x12, b1, c121);
        }

        if (rows > 13)
        {
            var x13 = TOps.Broadcast(Unsafe.Add(ref a, 13 * aRow));
            c130 = TOps.FusedMultiplyAdd(x13, b0, c130);
            c131 = TOps.FusedMultiplyAdd(x13, b1, c131);
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

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Packing helper: copies rows of a matrix into columns of a panel, destination[p * stride + r] =
/// rows[r][p]. With AVX-512, whole groups of 16 rows (the b panels of NT products, 32 columns wide) go
/// through 16 x 16 register transposes, 16 values of p at a time: each load and each store is a whole
/// 64-byte line, and 64 shuffles move 256 values where 8 x 8 transposes take 96 (issue 17; measured in
/// `Bench -Suite gemm-ab`, variant "transpose 8x8"). Groups of exactly 8 rows (the a panels of the AVX-512
/// kernel) go through 8 x 16 transposes, 24 shuffles for 128 values where 8 x 8 ones take 48 (packing a alone
/// x1.44-1.66). Other groups of up to 8 rows, and the values of p left over, go through 8 x 8 AVX transposes.
/// A length that is not a multiple of the transpose ends with one more transpose over its last 16 (or 8) values,
/// overlapping values already copied, instead of a scalar loop that stored one value per row and p (KC of 171 or
/// 157 left 11 or 13 of every row to it). Lengths below 8 (and machines without AVX) take the scalar loop.
/// A pure copy: the result does not depend on the path.
/// </summary>
internal static class PanelTranspose
{
    /// <summary>Whether groups of 16 and of 8 rows take the AVX-512 transposes; false only to measure the 8 x 8 path beside them (gemm-ab).</summary>
    internal static bool UseWideTranspose { get; set; } = true;

    /// <param name="source">Row r starts at source[r * sourceStride] and holds <paramref name="length"/> values.</param>
    /// <param name="rows">Rows to copy, each into one column of the panel.</param>
    /// <param name="destination">Panel start; column r, position p is destination[p * stride + r]. When rows &lt; 8 and
    /// stride == rows (a tight panel), up to 8 - rows values past the panel's end may be overwritten if the span reaches
    /// that far (PackA passes the rest of its buffer, whose later panels are packed after this one); the panel itself is
    /// exact either way.</param>
    public static void RowsToColumns(ReadOnlySpan<float> source, int sourceStride, int rows, int length, Span<float> destination, int stride)
    {
        if (rows == 0 || length == 0)
        {
            return;
        }

        if ((long)(rows - 1) * sourceStride + length > source.Length || (long)(length - 1) * stride + rows > destination.Length)
        {
            throw new ArgumentException("panel transpose out of range");
        }

        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        bool wide = Avx512F.IsSupported && Vector512.IsHardwareAccelerated && UseWideTranspose;
        if (wide)
        {
            for (; r + 16 <= rows; r += 16)
            {
                int p = 0;
                for (; p + 16 <= length; p += 16)
                {
                    Transpose16x16(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, ref Unsafe.Add(ref to, (nint)p * stride + r), stride);
                }

                if (p < length && length >= 16)
                {
                    // The last 16 values again, overlapping the ones already copied: rewriting a copy is harmless.
                    p = length - 16;
                    Transpose16x16(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, ref Unsafe.Add(ref to, (nint)p * stride + r), stride);
                    p = length;
                }

                for (int q = r; q < r + 16; q++)
                {
                    Scalar(ref Unsafe.Add(ref from, (nint)q * sourceStride), p, length, ref Unsafe.Add(ref to, q), stride);
                }
            }
        }

        if (Avx.IsSupported)
        {
            // A panel of fewer than 8 rows packed tight (the 6-row AVX2 and 128-bit tiles, edge panels) has its columns
            // side by side: each transposed row can be stored whole, in order, its last values overwritten by the next
            // row's store, when the destination has room for the last row's overhang.
            bool overhang = rows < 8 && stride == rows && (long)(length - 1) * stride + 8 <= destination.Length;
            for (; r < rows; r += 8)
            {
                int group = Math.Min(8, rows - r);
                int stored = overhang ? 8 : group;
                int p = 0;
                if (group == 8 && wide)
                {
                    for (; p + 16 <= length; p += 16)
                    {
                        Transpose8x16(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, ref Unsafe.Add(ref to, (nint)p * stride + r), stride);
                    }
                }

                for (; p + 8 <= length; p += 8)
                {
                    Transpose8x8(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, group, ref Unsafe.Add(ref to, (nint)p * stride + r), stride, stored);
                }

                if (p < length && length >= 8)
                {
                    p = length - 8;
                    Transpose8x8(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, group, ref Unsafe.Add(ref to, (nint)p * stride + r), stride, stored);
                    p = length;
                }

                for (int q = r; q < r + group; q++)
                {
                    Scalar(ref Unsafe.Add(ref from, (nint)q * sourceStride), p, length, ref Unsafe.Add(ref to, q), stride);
                }
            }
        }

        for (; r < rows; r++)
        {
            Scalar(ref Unsafe.Add(ref from, (nint)r * sourceStride), 0, length, ref Unsafe.Add(ref to, r), stride);
        }
    }

    private static void Scalar(ref float row, int start, int length, ref float column, int stride)
    {
        for (int p = start; p < length; p++)
        {
            Unsafe.Add(ref column, (nint)p * stride) = Unsafe.Add(ref row, p);
        }
    }

    /// <summary>
    /// 16 rows of 16 values, rowStride apart -> 16 output rows of 16 values, outStride apart. Within each
    /// 128-bit lane, unpacks and shuffles make 4 x 4 transposes (rows 4g..4g+3); two rounds of 128-bit lane
    /// shuffles then gather lane L of the four row groups into output row 4L + k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(ref float input, int rowStride, ref float output, int outStride)
    {
        nuint stride = (nuint)rowStride;
        var u0 = Transpose4x4InLanes(ref input, stride, out var u1, out var u2, out var u3);
        var u4 = Transpose4x4InLanes(ref Unsafe.Add(ref input, 4 * (nint)stride), stride, out var u5, out var u6, out var u7);
        var u8 = Transpose4x4InLanes(ref Unsafe.Add(ref input, 8 * (nint)stride), stride, out var u9, out var u10, out var u11);
        var u12 = Transpose4x4InLanes(ref Unsafe.Add(ref input, 12 * (nint)stride), stride, out var u13, out var u14, out var u15);

        // k = column within a lane: rows 0-7 and 8-15 of lanes 0,1 (low) and 2,3 (high), then lanes apart.
        GatherLanes(u0, u4, u8, u12, ref output, 0, outStride);
        GatherLanes(u1, u5, u9, u13, ref output, 1, outStride);
        GatherLanes(u2, u6, u10, u14, ref output, 2, outStride);
        GatherLanes(u3, u7, u11, u15, ref output, 3, outStride);
    }

    /// <summary>Rows 0..3 at `input` (stride apart): returns column 0 of every lane's 4 x 4 block as rows; columns 1..3 out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Transpose4x4InLanes(ref float input, nuint stride, out Vector512<float> column1, out Vector512<float> column2, out Vector512<float> column3)
    {
        var r0 = Vector512.LoadUnsafe(ref input);
        var r1 = Vector512.LoadUnsafe(ref input, stride);
        var r2 = Vector512.LoadUnsafe(ref input, 2 * stride);
        var r3 = Vector512.LoadUnsafe(ref input, 3 * stride);
        var t0 = Avx512F.UnpackLow(r0, r1);
        var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3);
        var t3 = Avx512F.UnpackHigh(r2, r3);
        column1 = Avx512F.Shuffle(t0, t2, 0xEE);
        column2 = Avx512F.Shuffle(t1, t3, 0x44);
        column3 = Avx512F.Shuffle(t1, t3, 0xEE);
        return Avx512F.Shuffle(t0, t2, 0x44);
    }

    /// <summary>
    /// a, b, c, d hold column k of each lane for rows 0-3, 4-7, 8-11, 12-15: output row 4L + k gets lane L
    /// of each, in row order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherLanes(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float output, int k, int outStride)
    {
        var lowAb = Avx512F.Shuffle4x128(a, b, 0x44);
        var highAb = Avx512F.Shuffle4x128(a, b, 0xEE);
        var lowCd = Avx512F.Shuffle4x128(c, d, 0x44);
        var highCd = Avx512F.Shuffle4x128(c, d, 0xEE);
        Avx512F.Shuffle4x128(lowAb, lowCd, 0x88).StoreUnsafe(ref output, (nuint)(k * outStride));
        Avx512F.Shuffle4x128(lowAb, lowCd, 0xDD).StoreUnsafe(ref output, (nuint)((4 + k) * outStride));
        Avx512F.Shuffle4x128(highAb, highCd, 0x88).StoreUnsafe(ref output, (nuint)((8 + k) * outStride));
        Avx512F.Shuffle4x128(highAb, highCd, 0xDD).StoreUnsafe(ref output, (nuint)((12 + k) * outStride));
    }

    /// <summary>
    /// 8 rows of 16 values, rowStride apart -> 16 output rows of 8 values, outStride apart: the a panels of
    /// 8-row kernels. Within each 128-bit lane, unpacks and shuffles make 4 x 4 transposes of rows 0-3 and 4-7;
    /// one two-source permute per pair then joins lane L of both halves into output rows 4L + k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x16(ref float input, int rowStride, ref float output, int outStride)
    {
        nuint stride = (nuint)rowStride;
        var u0 = Transpose4x4InLanes(ref input, stride, out var u1, out var u2, out var u3);
        var u4 = Transpose4x4InLanes(ref Unsafe.Add(ref input, 4 * (nint)stride), stride, out var u5, out var u6, out var u7);
        JoinHalves(u0, u4, ref output, 0, outStride);
        JoinHalves(u1, u5, ref output, 1, outStride);
        JoinHalves(u2, u6, ref output, 2, outStride);
        JoinHalves(u3, u7, ref output, 3, outStride);
    }

    /// <summary>top and bottom hold column k of each lane for rows 0-3 and 4-7: output row 4L + k gets lane L of both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void JoinHalves(Vector512<float> top, Vector512<float> bottom, ref float output, int k, int outStride)
    {
        var lanes01 = Avx512F.PermuteVar16x32x2(top, Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23), bottom);
        var lanes23 = Avx512F.PermuteVar16x32x2(top, Vector512.Create(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31), bottom);
        lanes01.GetLower().StoreUnsafe(ref output, (nuint)(k * outStride));
        lanes01.GetUpper().StoreUnsafe(ref output, (nuint)((4 + k) * outStride));
        lanes23.GetLower().StoreUnsafe(ref output, (nuint)((8 + k) * outStride));
        lanes23.GetUpper().StoreUnsafe(ref output, (nuint)((12 + k) * outStride));
    }

    /// <summary>
    /// `rows` (1..8) rows of 8 values, rowStride apart -> 8 output rows of `rows` values, outStride apart, in order.
    /// Missing rows repeat the last one (never read past the matrix); each output row stores `stored` values (`rows`,
    /// or 8 where the rows lie side by side and the next store overwrites the extra ones).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float input, int rowStride, int rows, ref float output, int outStride, int stored)
    {
        var r0 = Vector256.LoadUnsafe(ref input);
        var r1 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(1, rows - 1) * rowStride));
        var r2 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(2, rows - 1) * rowStride));
        var r3 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(3, rows - 1) * rowStride));
        var r4 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(4, rows - 1) * rowStride));
        var r5 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(5, rows - 1) * rowStride));
        var r6 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(6, rows - 1) * rowStride));
        var r7 = Vector256.LoadUnsafe(ref input, (nuint)(Math.Min(7, rows - 1) * rowStride));

        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Store(Avx.Permute2x128(u0, u4, 0x20), ref output, stored);
        Store(Avx.Permute2x128(u1, u5, 0x20), ref Unsafe.Add(ref output, outStride), stored);
        Store(Avx.Permute2x128(u2, u6, 0x20), ref Unsafe.Add(ref output, 2 * outStride), stored);
        Store(Avx.Permute2x128(u3, u7, 0x20), ref Unsafe.Add(ref output, 3 * outStride), stored);
        Store(Avx.Permute2x128(u0, u4, 0x31), ref Unsafe.Add(ref output, 4 * outStride), stored);
        Store(Avx.Permute2x128(u1, u5, 0x31), ref Unsafe.Add(ref output, 5 * outStride), stored);
        Store(Avx.Permute2x128(u2, u6, 0x31), ref Unsafe.Add(ref output, 6 * outStride), stored);
        Store(Avx.Permute2x128(u3, u7, 0x31), ref Unsafe.Add(ref output, 7 * outStride), stored);
    }

    /// <summary>The first `count` (1..8) lanes of v to destination[0..count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> v, ref float destination, int count)
    {
        if (count == 8)
        {
            v.StoreUnsafe(ref destination);
            return;
        }

        var half = v.GetLower();
        if (count >= 4)
        {
            half.StoreUnsafe(ref destination);
            destination = ref Unsafe.Add(ref destination, 4);
            half = v.GetUpper();
            count -= 4;
        }

        if (count >= 2)
        {
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref destination), half.AsDouble().ToScalar());
            destination = ref Unsafe.Add(ref destination, 2);
            half = Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1));
            count -= 2;
        }

        if (count == 1)
        {
            destination = half.ToScalar();
        }
    }
}

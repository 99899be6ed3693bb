using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Packing helper: copies rows of a matrix into columns of a panel, destination[p * stride + r] =
/// rows[r][p]. Groups of up to 8 rows go through 8 x 8 AVX register transposes, 8 values of p at a
/// time; the last values of p (and machines without AVX) take the scalar loop. A pure copy: the
/// result does not depend on the path.
/// </summary>
internal static class PanelTranspose
{
    /// <param name="source">Row r starts at source[r * sourceStride] and holds <paramref name="length"/> values.</param>
    /// <param name="rows">Rows to copy, each into one column of the panel.</param>
    /// <param name="destination">Panel start; column r, position p is destination[p * stride + r].</param>
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
        if (Avx.IsSupported)
        {
            for (; r < rows; r += 8)
            {
                int group = Math.Min(8, rows - r);
                int p = 0;
                for (; p + 8 <= length; p += 8)
                {
                    Transpose8x8(ref Unsafe.Add(ref from, (nint)r * sourceStride + p), sourceStride, group, ref Unsafe.Add(ref to, (nint)p * stride + r), stride);
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
    /// `rows` (1..8) rows of 8 values, rowStride apart -> 8 output rows of `rows` values, outStride apart.
    /// Missing rows repeat the last one (never read past the matrix) and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float input, int rowStride, int rows, ref float output, int outStride)
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

        Store(Avx.Permute2x128(u0, u4, 0x20), ref output, rows);
        Store(Avx.Permute2x128(u1, u5, 0x20), ref Unsafe.Add(ref output, outStride), rows);
        Store(Avx.Permute2x128(u2, u6, 0x20), ref Unsafe.Add(ref output, 2 * outStride), rows);
        Store(Avx.Permute2x128(u3, u7, 0x20), ref Unsafe.Add(ref output, 3 * outStride), rows);
        Store(Avx.Permute2x128(u0, u4, 0x31), ref Unsafe.Add(ref output, 4 * outStride), rows);
        Store(Avx.Permute2x128(u1, u5, 0x31), ref Unsafe.Add(ref output, 5 * outStride), rows);
        Store(Avx.Permute2x128(u2, u6, 0x31), ref Unsafe.Add(ref output, 6 * outStride), rows);
        Store(Avx.Permute2x128(u3, u7, 0x31), ref Unsafe.Add(ref output, 7 * outStride), rows);
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

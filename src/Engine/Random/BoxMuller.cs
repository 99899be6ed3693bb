using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Engine.Random;

/// <summary>
/// Box–Muller pairs (r·cos 2πu₂, r·sin 2πu₂) with r = √(−2 ln u₁), computed with the engine's own logarithm
/// and sine/cosine: fdlibm's polynomials (the functions behind Java's StrictMath), evaluated with IEEE
/// additions, multiplications, one division and one square root only, each correctly rounded. So a pair's
/// bits depend on nothing but u₁ and u₂: not on the C library (glibc, the Windows CRT and macOS round
/// Math.Log and Math.Sin differently), not on the .NET version, and not on whether <see cref="Pairs"/>
/// takes its vector path or <see cref="Pair"/> its scalar one (the JIT never fuses a multiply and an
/// add, so both round the same operations in the same order). Error: a few units in the last place of a
/// double, far below the float weights and data the pairs become.
/// </summary>
/// <remarks>
/// Contract: u₁ ∈ [2⁻⁵³, 1) (a nonzero <see cref="SeededRandom.NextDouble()"/>, so a normal double) and
/// u₂ ∈ [0, 1). Outside it the results are unspecified.
/// </remarks>
internal static class BoxMuller
{
    // ln 2 split so that k·Ln2Hi is exact for the |k| ≤ 1074 of any double (fdlibm e_log.c).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;

    // log(1+f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2+f): fdlibm's minimax coefficients of R (e_log.c).
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    // sin x = x + x³·(S1 + x²·P(x²)) on |x| ≤ π/4 (fdlibm k_sin.c).
    private const double S1 = -1.66666666666666324348e-01;
    private const double S2 = 8.33333333332248946124e-03;
    private const double S3 = -1.98412698298579493134e-04;
    private const double S4 = 2.75573137070700676789e-06;
    private const double S5 = -2.50507602534068634195e-08;
    private const double S6 = 1.58969099521155010221e-10;

    // cos x = 1 − x²/2 + x⁴·Q(x²) on |x| ≤ π/4 (fdlibm k_cos.c, summed as musl's __cos does).
    private const double C1 = 4.16666666666666019037e-02;
    private const double C2 = -1.38888888888741095749e-03;
    private const double C3 = 2.48015872894767294178e-05;
    private const double C4 = -2.75573143513906633035e-07;
    private const double C5 = 2.08757232129817482790e-09;
    private const double C6 = -1.13596475577881948265e-11;

    /// <summary>Quarter turns to radians: θ = f·π/2 for the remainder f ∈ [−½, ½] of 4u₂.</summary>
    private const double HalfPi = Math.PI / 2;

    private const ulong MantissaMask = 0x000F_FFFF_FFFF_FFFFUL;
    private const ulong ExponentOfOne = 0x3FF0_0000_0000_0000UL;

    /// <summary>2⁵²: a small nonnegative integer n put in a mantissa reads as 2⁵² + n (exact int ↔ double).</summary>
    private const double TwoPow52 = 4503599627370496.0;

    /// <summary>The scalar reference: one pair, cosine value first (what <see cref="SeededRandom.NextGaussian"/> returns first).</summary>
    public static (double First, double Second) Pair(double u1, double u2)
    {
        double radius = Math.Sqrt(-2.0 * Log(u1));
        var (sin, cos) = SinCosOfTurn(u2);
        return (radius * cos, radius * sin);
    }

    /// <summary>
    /// <see cref="Pair"/> for every i: first[i], second[i] from u1[i], u2[i], bit for bit, several pairs per
    /// vector instruction where the machine has 256-bit vectors. All four spans have the same length.
    /// Compiled fully optimized at once: the first weight matrix of a process would otherwise run the
    /// unoptimized first tier of vector code, ten times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pairs(ReadOnlySpan<double> u1, ReadOnlySpan<double> u2, Span<double> first, Span<double> second)
    {
        int n = u1.Length;
        if (u2.Length != n || first.Length != n || second.Length != n)
        {
            throw new ArgumentException("u1, u2, first and second must have the same length");
        }

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count)
            {
                var radius = Vector256.Sqrt(Vector256.Create(-2.0) * Log(Vector256.Create(u1[i..])));
                var (sin, cos) = SinCosOfTurn(Vector256.Create(u2[i..]));
                (radius * cos).CopyTo(first[i..]);
                (radius * sin).CopyTo(second[i..]);
            }
        }

        for (; i < n; i++)
        {
            (first[i], second[i]) = Pair(u1[i], u2[i]);
        }
    }

    /// <summary>ln x for a normal x in (0, 1]: x = 2ᵏ·m with m ∈ (√½, √2], ln x = k·ln 2 + ln m.</summary>
    internal static double Log(double x)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        double m = BitConverter.UInt64BitsToDouble((bits & MantissaMask) | ExponentOfOne); // [1, 2)
        double k = (double)(long)(bits >> 52) - 1023.0;
        if (m > Sqrt2)
        {
            m *= 0.5;
            k += 1.0;
        }

        return LogOfReduced(m - 1.0, k);
    }

    // f = m − 1 ∈ (−0.293, 0.415], exact (Sterbenz); fdlibm's second form, used for every f (|error| < 1 ulp).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LogOfReduced(double f, double k)
    {
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        double r = t2 + t1;
        double halfSquare = 0.5 * f * f;
        return k * Ln2Hi - ((halfSquare - (s * (halfSquare + r) + k * Ln2Lo)) - f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into Pairs, which is compiled optimized at once
    private static Vector256<double> Log(Vector256<double> x)
    {
        var bits = x.AsUInt64();
        var m = ((bits & Vector256.Create(MantissaMask)) | Vector256.Create(ExponentOfOne)).AsDouble();
        // The biased exponent as a double without a 64-bit integer conversion (AVX2 has none): put it in
        // the mantissa of 2⁵² and subtract; exact, the same value as the scalar cast.
        var biased = (Vector256.ShiftRightLogical(bits, 52) | Vector256.Create(0x4330_0000_0000_0000UL)).AsDouble();
        var k = (biased - Vector256.Create(TwoPow52)) - Vector256.Create(1023.0);
        var above = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(above, m * Vector256.Create(0.5), m);
        k = Vector256.ConditionalSelect(above, k + Vector256.Create(1.0), k);

        var f = m - Vector256.Create(1.0);
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * (Vector256.Create(Lg2) + w * (Vector256.Create(Lg4) + w * Vector256.Create(Lg6)));
        var t2 = z * (Vector256.Create(Lg1) + w * (Vector256.Create(Lg3) + w * (Vector256.Create(Lg5) + w * Vector256.Create(Lg7))));
        var r = t2 + t1;
        var halfSquare = Vector256.Create(0.5) * f * f;
        return k * Vector256.Create(Ln2Hi) - ((halfSquare - (s * (halfSquare + r) + k * Vector256.Create(Ln2Lo))) - f);
    }

    /// <summary>
    /// sin and cos of 2πu for u ∈ [0, 1): 4u = q + f with q the nearest integer (0..4) and f ∈ [−½, ½] exact,
    /// θ = f·π/2 ∈ [−π/4, π/4], then the quarter turn q rotates (sin θ, cos θ).
    /// </summary>
    internal static (double Sin, double Cos) SinCosOfTurn(double u)
    {
        double v = 4.0 * u;                                  // exact
        double q = Math.Round(v, MidpointRounding.ToEven);   // 0..4
        double theta = (v - q) * HalfPi;                     // v − q exact (Sterbenz)
        double sin = SinKernel(theta);
        double cos = CosKernel(theta);
        int quarter = (int)q & 3;
        if ((quarter & 1) != 0)
        {
            (sin, cos) = (cos, sin);
        }

        // Quarter 1: (cos θ, −sin θ); 2: (−sin θ, −cos θ); 3: (−cos θ, sin θ).
        if (quarter >= 2)
        {
            sin = -sin;
        }

        if (quarter is 1 or 2)
        {
            cos = -cos;
        }

        return (sin, cos);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SinKernel(double x)
    {
        double z = x * x;
        double v = z * x;
        double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
        return x + v * (S1 + z * r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double CosKernel(double x)
    {
        double z = x * x;
        double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
        double halfZ = 0.5 * z;
        double w = 1.0 - halfZ;
        return w + (((1.0 - w) - halfZ) + z * r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Sin, Vector256<double> Cos) SinCosOfTurn(Vector256<double> u)
    {
        var v = Vector256.Create(4.0) * u;
        var q = Vector256.Round(v); // to nearest, ties to even: Math.Round's default
        var x = (v - q) * Vector256.Create(HalfPi);

        var z = x * x;
        var sinR = Vector256.Create(S2) + z * (Vector256.Create(S3) + z * (Vector256.Create(S4) + z * (Vector256.Create(S5) + z * Vector256.Create(S6))));
        var sin = x + (z * x) * (Vector256.Create(S1) + z * sinR);
        var cosR = z * (Vector256.Create(C1) + z * (Vector256.Create(C2) + z * (Vector256.Create(C3) + z * (Vector256.Create(C4) + z * (Vector256.Create(C5) + z * Vector256.Create(C6))))));
        var halfZ = Vector256.Create(0.5) * z;
        var w = Vector256.Create(1.0) - halfZ;
        var cos = w + (((Vector256.Create(1.0) - w) - halfZ) + z * cosR);

        // q in the mantissa of 2⁵² gives its low bits as an integer: the quarter turn.
        var quarter = (q + Vector256.Create(TwoPow52)).AsUInt64() & Vector256.Create(3UL);
        var odd = Vector256.Equals(quarter & Vector256.Create(1UL), Vector256.Create(1UL)).AsDouble();
        var swappedSin = Vector256.ConditionalSelect(odd, cos, sin);
        var swappedCos = Vector256.ConditionalSelect(odd, sin, cos);
        var signBit = Vector256.Create(-0.0);
        var negateSin = Vector256.GreaterThanOrEqual(quarter, Vector256.Create(2UL)).AsDouble() & signBit;
        var negateCos = (Vector256.Equals(quarter, Vector256.Create(1UL)) | Vector256.Equals(quarter, Vector256.Create(2UL))).AsDouble() & signBit;
        return (swappedSin ^ negateSin, swappedCos ^ negateCos);
    }
}

namespace Sweep.Engine.Numerics;

/// <summary>
/// The error function family in double precision, for the exact (erf) form of GELU.
/// Erfc uses the Chebyshev-fitted rational form of Numerical Recipes (erfcc), whose fractional
/// error is below 1.2e-7 everywhere: the error is relative to erfc itself, so the far tails
/// (where 1 + erf(x) is tiny) stay accurate, which a plain erf approximation would not give.
/// </summary>
internal static class NormalDistribution
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>Complementary error function 1 - erf(x).</summary>
    public static double Erfc(double x)
    {
        if (Math.Abs(x) < 0.5)
        {
            return 1.0 - ErfSeries(x);
        }

        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double ans = t * Math.Exp(-z * z + poly);
        return x >= 0 ? ans : 2.0 - ans;
    }

    public static double Erf(double x) => Math.Abs(x) < 0.5 ? ErfSeries(x) : 1.0 - Erfc(x);

    /// <summary>Standard normal CDF Φ(x) = erfc(-x/√2)/2.</summary>
    public static double Cdf(double x) => 0.5 * Erfc(-x * InvSqrt2);

    /// <summary>Standard normal density φ(x).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    // erf(x) = 2/√π Σ (-1)ⁿ x^(2n+1) / (n! (2n+1)); for |x| < 0.5 fourteen terms reach double rounding
    private static double ErfSeries(double x)
    {
        double term = x, sum = x;
        for (int n = 1; n < 14; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }

        return 1.1283791670955126 * sum;
    }
}

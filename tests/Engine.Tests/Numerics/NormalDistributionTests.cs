using Sweep.Engine.Numerics;

namespace Sweep.Engine.Tests.Numerics;

public class NormalDistributionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Erf_matches_its_taylor_series(double x)
    {
        // erf(x) = 2/√π Σ (-1)ⁿ x^(2n+1) / (n! (2n+1)), summed until the terms vanish
        double term = x, sum = 0;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }

        double expected = 2 / Math.Sqrt(Math.PI) * sum;
        Assert.True(Math.Abs(expected - NormalDistribution.Erf(x)) <= 2e-7, $"erf({x})");
    }

    [Fact]
    public void Erfc_is_symmetric_and_cdf_and_pdf_are_consistent()
    {
        for (double x = -5; x <= 5; x += 0.25)
        {
            Assert.Equal(2.0, NormalDistribution.Erfc(x) + NormalDistribution.Erfc(-x), 6);
            double h = 1e-5;
            double slope = (NormalDistribution.Cdf(x + h) - NormalDistribution.Cdf(x - h)) / (2 * h);
            Assert.True(Math.Abs(slope - NormalDistribution.Pdf(x)) <= 1e-6, $"Φ'({x})");
        }
    }
}

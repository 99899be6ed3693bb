using Sweep.Engine.Random;

namespace Sweep.Engine.Tests.Random;

public class SeededRandomTests
{
    /// <summary>
    /// NextGaussian is Box–Muller over two uniform draws (u₁ redrawn while zero), the cosine value first and the
    /// sine value as the spare: checked against the uniform stream of a twin generator.
    /// </summary>
    [Fact]
    public void Gaussian_draws_are_box_muller_pairs_of_the_uniform_stream()
    {
        var random = new SeededRandom(7);
        var uniforms = new SeededRandom(7);
        for (int pair = 0; pair < 10_000; pair++)
        {
            double first = random.NextGaussian();
            double second = random.NextGaussian();

            double u1;
            do
            {
                u1 = uniforms.NextDouble();
            }
            while (u1 <= double.Epsilon);

            var expected = BoxMuller.Pair(u1, uniforms.NextDouble());
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.First), BitConverter.DoubleToInt64Bits(first));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Second), BitConverter.DoubleToInt64Bits(second));
        }
    }

    /// <summary>
    /// The stream is fixed by the engine's own arithmetic (BoxMuller), not by the C library, so these bits are the
    /// same on every machine and .NET version; a change here changes every seeded dataset and initialisation.
    /// </summary>
    [Fact]
    public void Gaussian_stream_of_a_seed_is_pinned()
    {
        var random = new SeededRandom(7);
        ulong[] bits = [.. Enumerable.Range(0, 6).Select(_ => BitConverter.DoubleToUInt64Bits(random.NextGaussian()))];
        Assert.Equal(PinnedSeed7, bits);
    }

    // -0.15157274547711364, 0.829897087969257, 0.5870995807125805, -0.07005746853436758, 0.09447186106493803,
    // -0.09715223521132489 (glibc's Math.Log, Math.Cos and Math.Sin give the same to 1e-16).
    private static readonly ulong[] PinnedSeed7 =
    [
        0xBFC366BC58650260, 0x3FEA8E84567BF47B, 0x3FE2C9850F54FCB0, 0xBFB1EF49483216A1, 0x3FB82F4ED1AA89C3, 0xBFB8DEF808F747D9,
    ];

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(511, false)]
    [InlineData(512, true)]
    [InlineData(513, false)]
    [InlineData(1_001, true)]
    [InlineData(4_099, false)]
    public void FillGaussian_equals_drawing_one_by_one_and_leaves_the_same_state(int length, bool startWithSpare)
    {
        const double Scale = 0.037;
        var bulk = new SeededRandom(11);
        var single = new SeededRandom(11);
        if (startWithSpare)
        {
            Assert.Equal(single.NextGaussian(), bulk.NextGaussian()); // a spare is now pending in both
        }

        var filled = new float[length];
        bulk.FillGaussian(filled, Scale);
        var drawn = Enumerable.Range(0, length).Select(_ => (float)(Scale * single.NextGaussian())).ToArray();

        Assert.Equal(drawn.Select(BitConverter.SingleToInt32Bits), filled.Select(BitConverter.SingleToInt32Bits));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(single.NextGaussian(), bulk.NextGaussian()); // spare and generator state alike
        }
    }

    /// <summary>
    /// A million draws of a fixed seed against the standard normal's moments and central masses, with tolerances of
    /// four or more standard errors (mean: 1/√n = 0.001; a mass p: √(p(1−p)/n) ≤ 0.0005).
    /// </summary>
    [Fact]
    public void Gaussian_draws_follow_the_standard_normal()
    {
        const int N = 1_000_000;
        var values = new float[N];
        new SeededRandom(2026).FillGaussian(values, 1.0);

        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (N - 1);
        double fourth = values.Average(v => Math.Pow(v - mean, 4)) / (variance * variance);
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.99, 1.01);
        Assert.InRange(fourth, 2.95, 3.05); // kurtosis 3; its standard error is √(24/n) ≈ 0.005

        double Within(double bound) => values.Count(v => Math.Abs(v) < bound) / (double)N;
        Assert.InRange(Within(0.5), 0.382925 - 0.002, 0.382925 + 0.002);
        Assert.InRange(Within(1), 0.682689 - 0.002, 0.682689 + 0.002);
        Assert.InRange(Within(2), 0.954500 - 0.001, 0.954500 + 0.001);
        Assert.InRange(Within(3), 0.997300 - 0.0003, 0.997300 + 0.0003);
        Assert.InRange(values.Count(v => v > 0) / (double)N, 0.498, 0.502);
    }
}

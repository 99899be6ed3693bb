using Sweep.Engine.Random;

namespace Sweep.Engine.Tests.Random;

public class BoxMullerTests
{
    /// <summary>Inputs at the edges of the reductions: the smallest u₁, both sides of √½ and of 1, every octant boundary of u₂.</summary>
    private static readonly double[] EdgeU1 =
    [
        Math.Pow(2, -53), Math.Pow(2, -52), 1e-10, 0.25, 0.5, Math.BitDecrement(Math.Sqrt(0.5)), Math.Sqrt(0.5),
        Math.BitIncrement(Math.Sqrt(0.5)), 0.7071067811865476, 0.9, Math.BitDecrement(1.0),
    ];

    private static readonly double[] EdgeU2 =
    [
        0, Math.Pow(2, -53), 0.0625, 0.125, Math.BitDecrement(0.125), Math.BitIncrement(0.125), 0.25, 0.375, 0.5, 0.625,
        0.75, 0.875, Math.BitDecrement(0.875), Math.BitIncrement(0.875), 0.999, Math.BitDecrement(1.0),
    ];

    /// <summary>The vector path (256-bit where the machine has it) gives the scalar reference's bits for every pair.</summary>
    [Fact]
    public void Pairs_give_the_bits_of_the_scalar_reference()
    {
        var random = new SeededRandom(3);
        var u1 = new List<double>();
        var u2 = new List<double>();
        foreach (double a in EdgeU1)
        {
            foreach (double b in EdgeU2)
            {
                u1.Add(a);
                u2.Add(b);
            }
        }

        while (u1.Count < 100_003) // not a multiple of the vector width: the scalar tail runs too
        {
            u1.Add(Math.Max(random.NextDouble(), Math.Pow(2, -53)));
            u2.Add(random.NextDouble());
        }

        var first = new double[u1.Count];
        var second = new double[u1.Count];
        BoxMuller.Pairs(u1.ToArray(), u2.ToArray(), first, second);
        for (int i = 0; i < u1.Count; i++)
        {
            var expected = BoxMuller.Pair(u1[i], u2[i]);
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected.First) == BitConverter.DoubleToInt64Bits(first[i])
                && BitConverter.DoubleToInt64Bits(expected.Second) == BitConverter.DoubleToInt64Bits(second[i]),
                $"pair {i} (u1 {u1[i]:R}, u2 {u2[i]:R}): vector ({first[i]:R}, {second[i]:R}), scalar ({expected.First:R}, {expected.Second:R})");
        }
    }

    /// <summary>The logarithm is within two units in the last place of the C library's on (0, 1).</summary>
    [Fact]
    public void Log_matches_the_library_logarithm_to_two_ulp()
    {
        var random = new SeededRandom(5);
        var inputs = EdgeU1.Concat(Enumerable.Range(0, 200_000).Select(i =>
            i % 2 == 0 ? Math.Max(random.NextDouble(), Math.Pow(2, -53)) : Math.Pow(2, -53 * random.NextDouble())));
        foreach (double x in inputs)
        {
            double expected = Math.Log(x);
            double ulp = Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected);
            Assert.True(Math.Abs(BoxMuller.Log(x) - expected) <= 2 * ulp, $"log {x:R}: {BoxMuller.Log(x):R}, library {expected:R}");
        }

        Assert.Equal(0.0, BoxMuller.Log(1.0));
        Assert.Equal(-53 * Math.Log(2), BoxMuller.Log(Math.Pow(2, -53)), 14);
    }

    /// <summary>
    /// sin and cos of 2πu within 10⁻¹⁵ of the library's: the turn is reduced exactly, so the only differences
    /// are the last bits of 2πu, which the library rounds first, and of the polynomials.
    /// </summary>
    [Fact]
    public void Sine_and_cosine_of_a_turn_match_the_library()
    {
        var random = new SeededRandom(9);
        foreach (double u in EdgeU2.Concat(Enumerable.Range(0, 200_000).Select(_ => random.NextDouble())))
        {
            var (sin, cos) = BoxMuller.SinCosOfTurn(u);
            double angle = 2 * Math.PI * u;
            Assert.True(Math.Abs(sin - Math.Sin(angle)) <= 1e-15 && Math.Abs(cos - Math.Cos(angle)) <= 1e-15,
                $"u {u:R}: ({sin:R}, {cos:R}), library ({Math.Sin(angle):R}, {Math.Cos(angle):R})");
        }

        // Exact at the quarter turns, where the reduced angle is zero.
        Assert.Equal((0.0, 1.0), BoxMuller.SinCosOfTurn(0));
        Assert.Equal((1.0, -0.0), BoxMuller.SinCosOfTurn(0.25));
        Assert.Equal((-0.0, -1.0), BoxMuller.SinCosOfTurn(0.5));
        Assert.Equal((-1.0, 0.0), BoxMuller.SinCosOfTurn(0.75));
    }

    [Fact]
    public void Pairs_reject_spans_of_different_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => BoxMuller.Pairs(new double[4], new double[4], new double[4], new double[3]));
        Assert.Contains("same length", error.Message);
    }
}

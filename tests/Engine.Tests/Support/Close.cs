namespace Sweep.Engine.Tests.Support;

/// <summary>Element-wise comparison with a relative tolerance (and a small absolute floor for values near zero).</summary>
internal static class Close
{
    public static void All(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute = 1e-6, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relative * Math.Abs(expected[i]) + absolute;
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3})");
            }
        }
    }

    public static void All(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, double absolute = 1e-6, string what = "")
    {
        var wide = new double[expected.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            wide[i] = expected[i];
        }

        All(wide, actual, relative, absolute, what);
    }

    public static void Scalar(double expected, double actual, double relative, double absolute = 1e-9, string what = "")
    {
        double tolerance = relative * Math.Abs(expected) + absolute;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    /// <summary>Deterministic random floats in [-scale, scale).</summary>
    public static float[] RandomFloats(int count, long seed, double scale = 1.0)
    {
        var random = new Sweep.Engine.Random.SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)random.NextDouble(-scale, scale);
        }

        return values;
    }
}

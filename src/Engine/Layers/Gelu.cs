using Sweep.Engine.Numerics;

namespace Sweep.Engine.Layers;

/// <summary>
/// GELU in its exact form x Φ(x) (PyTorch's default, approximate='none'), evaluated per element in
/// double through <see cref="NormalDistribution"/>: this is already the scalar definition.
/// </summary>
internal static class Gelu
{
    // x [count] -> y [count]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(v * NormalDistribution.Cdf(v));
        }
    }

    // x (forward input), dy [count] -> dx [count] = dy (Φ(x) + x φ(x)); dx may alias dy
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            dx[i] = (float)(dy[i] * (NormalDistribution.Cdf(v) + v * NormalDistribution.Pdf(v)));
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Layers;

/// <summary>x for x &gt; 0, else <see cref="Slope"/>·x (PyTorch's default slope).</summary>
internal static class LeakyRelu
{
    public const float Slope = 0.01f;

    // x [count] -> y [count]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        var slope = new Vector<float>(Slope);
        for (int i = 0; i < xv.Length; i++)
        {
            yv[i] = Vector.ConditionalSelect(Vector.GreaterThan(xv[i], Vector<float>.Zero), xv[i], xv[i] * slope);
        }

        Reference.Forward(x, y, xv.Length * Vector<float>.Count);
    }

    // x (forward input), dy [count] -> dx [count]; dx may alias dy
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var dyv = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var dxv = MemoryMarshal.Cast<float, Vector<float>>(dx);
        var slope = new Vector<float>(Slope);
        for (int i = 0; i < xv.Length; i++)
        {
            dxv[i] = Vector.ConditionalSelect(Vector.GreaterThan(xv[i], Vector<float>.Zero), dyv[i], dyv[i] * slope);
        }

        Reference.Backward(x, dy, dx, xv.Length * Vector<float>.Count);
    }

    /// <summary>Scalar definition; also finishes the tail the vector loops leave.</summary>
    internal static class Reference
    {
        public static void Forward(ReadOnlySpan<float> x, Span<float> y, int start = 0)
        {
            for (int i = start; i < x.Length; i++)
            {
                y[i] = x[i] > 0f ? x[i] : x[i] * Slope;
            }
        }

        public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int start = 0)
        {
            for (int i = start; i < x.Length; i++)
            {
                dx[i] = x[i] > 0f ? dy[i] : dy[i] * Slope;
            }
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Layers;

/// <summary>1 / (1 + e^-x); the gradient is written with the output: y (1 - y).</summary>
internal static class Sigmoid
{
    // x [count] -> y [count]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    // y (forward output), dy [count] -> dx [count]; dx may alias dy
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        var dyv = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var dxv = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (int i = 0; i < yv.Length; i++)
        {
            dxv[i] = dyv[i] * yv[i] * (Vector<float>.One - yv[i]);
        }

        Reference.Backward(y, dy, dx, yv.Length * Vector<float>.Count);
    }

    /// <summary>Scalar definition; also finishes the tail the vector loop leaves.</summary>
    internal static class Reference
    {
        public static void Forward(ReadOnlySpan<float> x, Span<float> y)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = (float)(1.0 / (1.0 + Math.Exp(-x[i])));
            }
        }

        public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int start = 0)
        {
            for (int i = start; i < y.Length; i++)
            {
                dx[i] = dy[i] * y[i] * (1f - y[i]);
            }
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Layers;

/// <summary>max(x, 0). The gradient passes where the output is positive (PyTorch's threshold_backward).</summary>
internal static class Relu
{
    // x [count] -> y [count]
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    // y (forward output), dy [count] -> dx [count]; dx may alias dy
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        var dyv = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var dxv = MemoryMarshal.Cast<float, Vector<float>>(dx);
        for (int i = 0; i < yv.Length; i++)
        {
            dxv[i] = Vector.ConditionalSelect(Vector.GreaterThan(yv[i], Vector<float>.Zero), dyv[i], Vector<float>.Zero);
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
                y[i] = x[i] > 0f ? x[i] : 0f;
            }
        }

        public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int start = 0)
        {
            for (int i = start; i < y.Length; i++)
            {
                dx[i] = y[i] > 0f ? dy[i] : 0f;
            }
        }
    }
}

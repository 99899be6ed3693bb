using System.Numerics.Tensors;
using Sweep.Engine.Kernels;

namespace Sweep.Engine.Layers;

/// <summary>
/// Fully connected layer y = x Wᵀ + b with W [outFeatures, inFeatures] (PyTorch's layout).
/// The matrix products are <see cref="Gemm"/>'s; its scalar reference is <see cref="GemmReference"/>.
/// </summary>
internal static class Linear
{
    // x [batch, inFeatures], weight [outFeatures, inFeatures], bias [outFeatures] -> y [batch, outFeatures]
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int batch, int inFeatures, int outFeatures, Span<float> y)
    {
        // The bias is added in the product's epilogue (no second pass over y), same bits as adding it after.
        Gemm.NTPlusBias(x, weight, bias, batch, inFeatures, outFeatures, y);
    }

    // x [batch, inFeatures], weight [outFeatures, inFeatures], dy [batch, outFeatures]
    //   -> dWeight [outFeatures, inFeatures] and dBias [outFeatures] (added into, or overwritten with
    //      overwriteParameterGradients: the same bits as adding into zeros, without a pass to clear them),
    //      dx [batch, inFeatures] (overwritten, or added into with accumulateDx; skipped when empty)
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy,
        int batch, int inFeatures, int outFeatures,
        Span<float> dx, bool accumulateDx, Span<float> dWeight, Span<float> dBias, bool overwriteParameterGradients = false)
    {
        // A product's sums start from +0 and never end at -0, so writing them gives the bits of adding them into zeros.
        Gemm.TN(dy, x, outFeatures, batch, inFeatures, dWeight, accumulate: !overwriteParameterGradients);
        if (overwriteParameterGradients)
        {
            dBias[..outFeatures].Clear();
        }

        for (int row = 0; row < batch; row++)
        {
            TensorPrimitives.Add(dBias, dy.Slice(row * outFeatures, outFeatures), dBias);
        }

        if (!dx.IsEmpty)
        {
            Gemm.NN(dy, weight, batch, outFeatures, inFeatures, dx, accumulateDx);
        }
    }
}

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

    // The same, then the activation's epilogue on each finished tile of y (e.g. ReluForwardEpilogue).
    public static void Forward<TActivation>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int batch, int inFeatures, int outFeatures, Span<float> y, ref TActivation activation)
        where TActivation : struct, IGemmTileEpilogue, allows ref struct =>
        Gemm.NTPlusBias(x, weight, bias, batch, inFeatures, outFeatures, y, ref activation);

    // x [batch, inFeatures], weight [outFeatures, inFeatures], dy [batch, outFeatures]
    //   -> dWeight [outFeatures, inFeatures] and dBias [outFeatures] (added into),
    //      dx [batch, inFeatures] (overwritten, or added into with accumulateDx; skipped when empty)
    public static void Backward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy,
        int batch, int inFeatures, int outFeatures,
        Span<float> dx, bool accumulateDx, Span<float> dWeight, Span<float> dBias)
    {
        var none = default(NoTileEpilogue);
        Backward(x, weight, dy, batch, inFeatures, outFeatures, dx, accumulateDx, dWeight, dBias, biasGradientAdded: false, ref none);
    }

    // The same, with the previous layer's activation backward fused into the dx product's epilogue
    // (e.g. ReluBackwardEpilogue); biasGradientAdded: dy came from such an epilogue, which has already
    // added this layer's bias gradient (dBias is then not touched).
    public static void Backward<TInputGradient>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy,
        int batch, int inFeatures, int outFeatures,
        Span<float> dx, bool accumulateDx, Span<float> dWeight, Span<float> dBias, bool biasGradientAdded, ref TInputGradient inputGradient)
        where TInputGradient : struct, IGemmTileEpilogue, allows ref struct
    {
        Gemm.TN(dy, x, outFeatures, batch, inFeatures, dWeight, accumulate: true);
        for (int row = 0; !biasGradientAdded && row < batch; row++)
        {
            TensorPrimitives.Add(dBias, dy.Slice(row * outFeatures, outFeatures), dBias);
        }

        if (!dx.IsEmpty)
        {
            Gemm.NN(dy, weight, batch, outFeatures, inFeatures, dx, accumulateDx, ref inputGradient);
        }
    }
}

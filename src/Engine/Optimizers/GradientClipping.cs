using System.Numerics.Tensors;

namespace Sweep.Engine.Optimizers;

/// <summary>Gradient clipping as torch.nn.utils does it, over the whole gradient buffer.</summary>
internal static class GradientClipping
{
    /// <summary>Global L2 norm of every gradient (float32 sum of squares, fixed order).</summary>
    public static double GlobalNorm(ReadOnlySpan<float> gradients) => Math.Sqrt(TensorPrimitives.SumOfSquares(gradients));

    // gradients [parameterCount], scaled in place by maxNorm / (totalNorm + 1e-6) when that is below 1; returns whether it scaled
    public static bool ClipByNorm(Span<float> gradients, double totalNorm, double maxNorm)
    {
        double factor = maxNorm / (totalNorm + 1e-6);
        if (factor >= 1)
        {
            return false;
        }

        TensorPrimitives.Multiply(gradients, (float)factor, gradients);
        return true;
    }

    // gradients [parameterCount], clamped in place to [-limit, limit]; returns whether any element was outside
    public static bool ClipByValue(Span<float> gradients, double limit)
    {
        float bound = (float)limit;
        if (Math.Abs(TensorPrimitives.MaxMagnitude(gradients)) <= bound)
        {
            return false;
        }

        TensorPrimitives.Min(gradients, bound, gradients);
        TensorPrimitives.Max(gradients, -bound, gradients);
        return true;
    }
}

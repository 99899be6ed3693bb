using System.Numerics.Tensors;

namespace Sweep.Engine.Optimizers;

/// <summary>Gradient clipping as torch.nn.utils does it, over the whole gradient buffer.</summary>
internal static class GradientClipping
{
    /// <summary>Global L2 norm of every gradient (float32 sum of squares, fixed order).</summary>
    public static double GlobalNorm(ReadOnlySpan<float> gradients) => Math.Sqrt(TensorPrimitives.SumOfSquares(gradients));

    /// <summary>
    /// The clipping <see cref="ClipByNorm"/> then <see cref="ClipByValue"/> would do to these gradients
    /// (maxNorm, maxValue: 0 = off), without changing them: the optimizer applies it block by block in its
    /// step. totalNorm must be finite (a step with a non-finite norm diverges before clipping).
    /// </summary>
    public static GradientTransform Plan(ReadOnlySpan<float> gradients, double totalNorm, double maxNorm, double maxValue)
    {
        double factor = maxNorm / (totalNorm + 1e-6);
        bool scales = maxNorm > 0 && factor < 1;
        float scale = scales ? (float)factor : 1f;
        bool clamps = false;
        float bound = (float)maxValue;
        if (maxValue > 0)
        {
            // The largest magnitude after scaling is the scaled largest magnitude: rounding a product by a
            // positive factor is monotonic, so this is ClipByValue's test on the scaled buffer.
            float largest = TensorPrimitives.MaxMagnitude(gradients);
            clamps = Math.Abs(scales ? largest * scale : largest) > bound;
        }

        return new GradientTransform(scales, scale, clamps, bound);
    }

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

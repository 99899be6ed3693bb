using System.Numerics.Tensors;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// The clipping one step applies to its gradients, decided from the whole buffer before any element
/// changes (<see cref="GradientClipping.Plan"/>) and then applied block by block inside the optimizer's
/// step (<see cref="Optimizer.Step(Span{float}, Span{float}, double, GradientTransform)"/>): first the
/// clip-by-norm scale, then the clip-by-value clamp, as the whole-buffer passes do them.
/// </summary>
internal readonly record struct GradientTransform(bool Scales, float Scale, bool Clamps, float Bound)
{
    /// <summary>Leaves the gradients as they are.</summary>
    public static GradientTransform None => default;

    public bool IsIdentity => !Scales && !Clamps;

    /// <summary>Whether the step's gradients are changed (what the step reports as clipped).</summary>
    public bool Clips => !IsIdentity;

    // block [length], changed in place; the same element-wise operations as ClipByNorm and ClipByValue
    public void Apply(Span<float> block)
    {
        if (Scales)
        {
            TensorPrimitives.Multiply(block, Scale, block);
        }

        if (Clamps)
        {
            TensorPrimitives.Min(block, Bound, block);
            TensorPrimitives.Max(block, -Bound, block);
        }
    }
}

using System.Numerics;
using Sweep.Engine.Config;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// An update rule over the whole parameter buffer: one loop over spans, state buffers in the
/// parameters' layout. Each rule is written twice side by side: a <see cref="Vector{T}"/> loop and the
/// readable scalar form, which also finishes the tail and is what <see cref="StepReference"/> runs.
/// Weight decay is PyTorch's: wd·p added to the gradient (AdamW: decoupled, see <see cref="Adam"/>).
/// Gradients are read, never changed, except by the clipping a <see cref="GradientTransform"/> asks for.
/// The rules update any range of the buffers (<c>offset</c> is where the given spans start in the state
/// buffers), so the step can run block by block: each element's update does not depend on the others.
/// </summary>
internal abstract class Optimizer
{
    protected Optimizer(int parameterCount, double weightDecay)
    {
        ParameterCount = parameterCount;
        WeightDecay = (float)weightDecay;
    }

    public int ParameterCount { get; }

    /// <summary>Steps taken so far (Adam's t after a step).</summary>
    public long StepCount { get; private set; }

    protected float WeightDecay { get; }

    /// <summary>The rules in <see cref="Catalog.Optimizers"/> order, with PyTorch's defaults applied from the config.</summary>
    public static Optimizer Create(TrialConfig config, int parameterCount) => config.Optimizer switch
    {
        "sgd" or "momentum" or "nesterov" => new Sgd(parameterCount, config.EffectiveMomentum, config.Optimizer == "nesterov", config.WeightDecay),
        "adagrad" => new Adagrad(parameterCount, config.EffectiveEps, config.WeightDecay),
        "rmsprop" => new RmsProp(parameterCount, config.Alpha, config.EffectiveEps, config.EffectiveMomentum, config.WeightDecay),
        "adadelta" => new AdaDelta(parameterCount, config.Rho, config.EffectiveEps, config.WeightDecay),
        "adam" => new Adam(parameterCount, config.Beta1, config.Beta2, config.EffectiveEps, config.WeightDecay, decoupled: false),
        "adamw" => new Adam(parameterCount, config.Beta1, config.Beta2, config.EffectiveEps, config.WeightDecay, decoupled: true),
        _ => throw new ArgumentException($"optimizer: '{config.Optimizer}' is not one of {string.Join(", ", Catalog.Optimizers)}", nameof(config)),
    };

    /// <summary>
    /// Elements per block of a step with clipping: 16 KiB of gradients, which stay in L1 between being
    /// clipped and being read by the update. A multiple of every vector width, so the vector loop and
    /// the scalar tail split the buffer exactly as one whole-buffer pass does.
    /// </summary>
    internal const int BlockLength = 4096;

    // parameters, gradients [parameterCount]; learningRate: this step's scheduled rate
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        StepCount++;
        Update(parameters, gradients, (float)learningRate, 0);
    }

    /// <summary>
    /// Clips the gradients in place as <paramref name="clipping"/> says and takes the step, block by block:
    /// each block is clipped right before the update reads it, so the step passes over the gradients once
    /// instead of twice (three times with clipping by value). The parameters and the clipped gradients
    /// have the bits of <see cref="GradientClipping.ClipByNorm"/> and <see cref="GradientClipping.ClipByValue"/>
    /// over the whole buffer followed by <see cref="Step(Span{float}, ReadOnlySpan{float}, double)"/>.
    /// </summary>
    public void Step(Span<float> parameters, Span<float> gradients, double learningRate, GradientTransform clipping)
    {
        if (clipping.IsIdentity)
        {
            Step(parameters, gradients, learningRate);
            return;
        }

        StepCount++;
        for (int start = 0; start < parameters.Length; start += BlockLength)
        {
            int length = Math.Min(BlockLength, parameters.Length - start);
            var block = gradients.Slice(start, length);
            clipping.Apply(block);
            Update(parameters.Slice(start, length), block, (float)learningRate, start);
        }
    }

    /// <summary>The same update through the scalar rule only: the reference the vector loop is tested against.</summary>
    public void StepReference(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        StepCount++;
        StepScalar(parameters, gradients, (float)learningRate, 0, 0);
    }

    private void Update(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        int done = Vector.IsHardwareAccelerated ? StepVectors(parameters, gradients, learningRate, offset) : 0;
        StepScalar(parameters, gradients, learningRate, offset, done);
    }

    /// <summary>The part of a state buffer that goes with parameters [offset, offset + length); empty when the rule keeps none.</summary>
    protected static Span<float> StateBlock(float[] state, int offset, int length) =>
        state.Length == 0 ? [] : state.AsSpan(offset, length);

    /// <summary>Updates whole vectors from the start of the spans; returns how many elements it handled. The spans start at <paramref name="offset"/> of the state.</summary>
    protected abstract int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset);

    /// <summary>Updates elements [start, end) of the spans one by one. The spans start at <paramref name="offset"/> of the state.</summary>
    protected abstract void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start);
}

using System.Numerics;
using Sweep.Engine.Config;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// An update rule over the whole parameter buffer: one loop over spans, state buffers in the
/// parameters' layout. Each rule is written twice side by side: a <see cref="Vector{T}"/> loop and the
/// readable scalar form, which also finishes the tail and is what <see cref="StepReference"/> runs.
/// Weight decay is PyTorch's: wd·p added to the gradient (AdamW: decoupled, see <see cref="Adam"/>).
/// Gradients are read, never changed.
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

    // parameters, gradients [parameterCount]; learningRate: this step's scheduled rate
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        StepCount++;
        int done = Vector.IsHardwareAccelerated ? StepVectors(parameters, gradients, (float)learningRate) : 0;
        StepScalar(parameters, gradients, (float)learningRate, done);
    }

    /// <summary>The same update through the scalar rule only: the reference the vector loop is tested against.</summary>
    public void StepReference(Span<float> parameters, ReadOnlySpan<float> gradients, double learningRate)
    {
        StepCount++;
        StepScalar(parameters, gradients, (float)learningRate, 0);
    }

    /// <summary>Updates whole vectors from the start; returns how many elements it handled.</summary>
    protected abstract int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate);

    /// <summary>Updates elements [start, end) one by one.</summary>
    protected abstract void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int start);
}

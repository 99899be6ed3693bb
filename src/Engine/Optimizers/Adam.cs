using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// Adam and AdamW, PyTorch's form: m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²;
/// p -= (lr / (1-β1ᵗ)) · m / (√v / √(1-β2ᵗ) + ε).
/// Adam adds wd·p to the gradient (L2); AdamW (decoupled) first shrinks p -= lr·wd·p.
/// </summary>
internal sealed class Adam : Optimizer
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly float _eps;
    private readonly bool _decoupled;
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;

    public Adam(int parameterCount, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
        : base(parameterCount, weightDecay)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = (float)eps;
        _decoupled = decoupled;
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
    }

    private (float StepSize, float InvSqrtCorrection2, float Decay, float L2) Constants(float learningRate)
    {
        double correction1 = 1 - Math.Pow(_beta1, StepCount);
        double correction2 = 1 - Math.Pow(_beta2, StepCount);
        return ((float)(learningRate / correction1), (float)(1 / Math.Sqrt(correction2)),
            _decoupled ? 1f - learningRate * WeightDecay : 1f, _decoupled ? 0f : WeightDecay);
    }

    protected override int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        var (stepSize, invSqrtCorrection2, decay, l2) = Constants(learningRate);
        var p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var m = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_firstMoment, offset, parameters.Length));
        var v = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_secondMoment, offset, parameters.Length));
        var beta1 = new Vector<float>((float)_beta1);
        var oneMinusBeta1 = new Vector<float>((float)(1 - _beta1));
        var beta2 = new Vector<float>((float)_beta2);
        var oneMinusBeta2 = new Vector<float>((float)(1 - _beta2));
        var eps = new Vector<float>(_eps);
        var step = new Vector<float>(stepSize);
        var correction = new Vector<float>(invSqrtCorrection2);
        var decayV = new Vector<float>(decay);
        var l2V = new Vector<float>(l2);
        for (int i = 0; i < p.Length; i++)
        {
            var param = p[i] * decayV;
            var grad = g[i] + l2V * p[i];
            var first = beta1 * m[i] + oneMinusBeta1 * grad;
            var second = beta2 * v[i] + oneMinusBeta2 * grad * grad;
            m[i] = first;
            v[i] = second;
            p[i] = param - step * first / (Vector.SquareRoot(second) * correction + eps);
        }

        return p.Length * Vector<float>.Count;
    }

    protected override void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start)
    {
        var (stepSize, invSqrtCorrection2, decay, l2) = Constants(learningRate);
        float beta1 = (float)_beta1, beta2 = (float)_beta2;
        float oneMinusBeta1 = (float)(1 - _beta1), oneMinusBeta2 = (float)(1 - _beta2);
        var firstMoment = StateBlock(_firstMoment, offset, parameters.Length);
        var secondMoment = StateBlock(_secondMoment, offset, parameters.Length);
        for (int i = start; i < parameters.Length; i++)
        {
            float grad = gradients[i] + l2 * parameters[i];
            firstMoment[i] = beta1 * firstMoment[i] + oneMinusBeta1 * grad;
            secondMoment[i] = beta2 * secondMoment[i] + oneMinusBeta2 * grad * grad;
            parameters[i] = parameters[i] * decay - stepSize * firstMoment[i] / (MathF.Sqrt(secondMoment[i]) * invSqrtCorrection2 + _eps);
        }
    }
}

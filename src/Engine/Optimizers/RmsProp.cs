using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// RMSprop, PyTorch's form (not centred): g += wd·p; s = α s + (1-α) g²; d = g / (√s + ε);
/// without momentum p -= lr d; with momentum b = μ b + d, p -= lr b.
/// </summary>
internal sealed class RmsProp : Optimizer
{
    private readonly float _alpha;
    private readonly float _eps;
    private readonly float _momentum;
    private readonly float[] _squareAverage;
    private readonly float[] _buffer;

    public RmsProp(int parameterCount, double alpha, double eps, double momentum, double weightDecay)
        : base(parameterCount, weightDecay)
    {
        _alpha = (float)alpha;
        _eps = (float)eps;
        _momentum = (float)momentum;
        _squareAverage = new float[parameterCount];
        _buffer = momentum > 0 ? new float[parameterCount] : [];
    }

    protected override int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        var p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var s = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_squareAverage, offset, parameters.Length));
        var b = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_buffer, offset, parameters.Length));
        var lr = new Vector<float>(learningRate);
        var wd = new Vector<float>(WeightDecay);
        var eps = new Vector<float>(_eps);
        var alpha = new Vector<float>(_alpha);
        var oneMinusAlpha = new Vector<float>(1f - _alpha);
        var mu = new Vector<float>(_momentum);
        bool momentum = _buffer.Length > 0;
        for (int i = 0; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            var average = alpha * s[i] + oneMinusAlpha * grad * grad;
            s[i] = average;
            var direction = grad / (Vector.SquareRoot(average) + eps);
            if (momentum)
            {
                direction = mu * b[i] + direction;
                b[i] = direction;
            }

            p[i] -= lr * direction;
        }

        return p.Length * Vector<float>.Count;
    }

    protected override void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start)
    {
        var squareAverage = StateBlock(_squareAverage, offset, parameters.Length);
        var buffer = StateBlock(_buffer, offset, parameters.Length);
        for (int i = start; i < parameters.Length; i++)
        {
            float grad = gradients[i] + WeightDecay * parameters[i];
            squareAverage[i] = _alpha * squareAverage[i] + (1f - _alpha) * grad * grad;
            float direction = grad / (MathF.Sqrt(squareAverage[i]) + _eps);
            if (buffer.Length > 0)
            {
                direction = _momentum * buffer[i] + direction;
                buffer[i] = direction;
            }

            parameters[i] -= learningRate * direction;
        }
    }
}

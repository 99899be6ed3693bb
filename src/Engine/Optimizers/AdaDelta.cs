using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// AdaDelta, PyTorch's form: g += wd·p; s = ρ s + (1-ρ) g²; d = √(u + ε) / √(s + ε) · g;
/// u = ρ u + (1-ρ) d²; p -= lr d.
/// </summary>
internal sealed class AdaDelta : Optimizer
{
    private readonly float _rho;
    private readonly float _eps;
    private readonly float[] _squareAverage;
    private readonly float[] _deltaAverage;

    public AdaDelta(int parameterCount, double rho, double eps, double weightDecay)
        : base(parameterCount, weightDecay)
    {
        _rho = (float)rho;
        _eps = (float)eps;
        _squareAverage = new float[parameterCount];
        _deltaAverage = new float[parameterCount];
    }

    protected override int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        var p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var s = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_squareAverage, offset, parameters.Length));
        var u = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_deltaAverage, offset, parameters.Length));
        var lr = new Vector<float>(learningRate);
        var wd = new Vector<float>(WeightDecay);
        var eps = new Vector<float>(_eps);
        var rho = new Vector<float>(_rho);
        var oneMinusRho = new Vector<float>(1f - _rho);
        for (int i = 0; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            var average = rho * s[i] + oneMinusRho * grad * grad;
            s[i] = average;
            var delta = Vector.SquareRoot(u[i] + eps) / Vector.SquareRoot(average + eps) * grad;
            u[i] = rho * u[i] + oneMinusRho * delta * delta;
            p[i] -= lr * delta;
        }

        return p.Length * Vector<float>.Count;
    }

    protected override void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start)
    {
        var squareAverage = StateBlock(_squareAverage, offset, parameters.Length);
        var deltaAverage = StateBlock(_deltaAverage, offset, parameters.Length);
        for (int i = start; i < parameters.Length; i++)
        {
            float grad = gradients[i] + WeightDecay * parameters[i];
            squareAverage[i] = _rho * squareAverage[i] + (1f - _rho) * grad * grad;
            float delta = MathF.Sqrt(deltaAverage[i] + _eps) / MathF.Sqrt(squareAverage[i] + _eps) * grad;
            deltaAverage[i] = _rho * deltaAverage[i] + (1f - _rho) * delta * delta;
            parameters[i] -= learningRate * delta;
        }
    }
}

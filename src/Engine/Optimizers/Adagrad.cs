using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Optimizers;

/// <summary>AdaGrad, PyTorch's form (lr_decay 0, initial accumulator 0): g += wd·p; s += g²; p -= lr g / (√s + ε).</summary>
internal sealed class Adagrad : Optimizer
{
    private readonly float _eps;
    private readonly float[] _sumSquares;

    public Adagrad(int parameterCount, double eps, double weightDecay)
        : base(parameterCount, weightDecay)
    {
        _eps = (float)eps;
        _sumSquares = new float[parameterCount];
    }

    protected override int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        var p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var s = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_sumSquares, offset, parameters.Length));
        var lr = new Vector<float>(learningRate);
        var wd = new Vector<float>(WeightDecay);
        var eps = new Vector<float>(_eps);
        for (int i = 0; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            var sum = s[i] + grad * grad;
            s[i] = sum;
            p[i] -= lr * grad / (Vector.SquareRoot(sum) + eps);
        }

        return p.Length * Vector<float>.Count;
    }

    protected override void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start)
    {
        var sumSquares = StateBlock(_sumSquares, offset, parameters.Length);
        for (int i = start; i < parameters.Length; i++)
        {
            float grad = gradients[i] + WeightDecay * parameters[i];
            sumSquares[i] += grad * grad;
            parameters[i] -= learningRate * grad / (MathF.Sqrt(sumSquares[i]) + _eps);
        }
    }
}

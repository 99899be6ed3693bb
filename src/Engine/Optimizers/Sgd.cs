using System.Numerics;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Optimizers;

/// <summary>
/// SGD with optional momentum and Nesterov, PyTorch's form (dampening 0):
/// g += wd·p; v = μ v + g; p -= lr · (nesterov ? g + μ v : v); without momentum p -= lr g.
/// </summary>
internal sealed class Sgd : Optimizer
{
    private readonly float _momentum;
    private readonly bool _nesterov;
    private readonly float[] _velocity;

    public Sgd(int parameterCount, double momentum, bool nesterov, double weightDecay)
        : base(parameterCount, weightDecay)
    {
        _momentum = (float)momentum;
        _nesterov = nesterov;
        _velocity = momentum > 0 ? new float[parameterCount] : [];
    }

    protected override int StepVectors(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset)
    {
        var p = MemoryMarshal.Cast<float, Vector<float>>(parameters);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradients);
        var lr = new Vector<float>(learningRate);
        var wd = new Vector<float>(WeightDecay);
        var mu = new Vector<float>(_momentum);
        if (_velocity.Length == 0)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p[i] -= lr * (g[i] + wd * p[i]);
            }

            return p.Length * Vector<float>.Count;
        }

        var v = MemoryMarshal.Cast<float, Vector<float>>(StateBlock(_velocity, offset, parameters.Length));
        for (int i = 0; i < p.Length; i++)
        {
            var grad = g[i] + wd * p[i];
            var velocity = mu * v[i] + grad;
            v[i] = velocity;
            p[i] -= lr * (_nesterov ? grad + mu * velocity : velocity);
        }

        return p.Length * Vector<float>.Count;
    }

    protected override void StepScalar(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, int offset, int start)
    {
        var velocities = StateBlock(_velocity, offset, parameters.Length);
        for (int i = start; i < parameters.Length; i++)
        {
            float grad = gradients[i] + WeightDecay * parameters[i];
            if (velocities.Length > 0)
            {
                float velocity = _momentum * velocities[i] + grad;
                velocities[i] = velocity;
                grad = _nesterov ? grad + _momentum * velocity : velocity;
            }

            parameters[i] -= learningRate * grad;
        }
    }
}

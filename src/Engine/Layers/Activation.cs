namespace Sweep.Engine.Layers;

/// <summary>
/// Dispatches a whole span to one activation's kernel: one switch per layer call, never per element.
/// Shapes are flat: x, y, dy, dx all [count] (a [batch, features] block).
/// </summary>
internal static class Activation
{
    public static ActivationKind Parse(string name) => name switch
    {
        "relu" => ActivationKind.Relu,
        "leaky-relu" => ActivationKind.LeakyRelu,
        "sigmoid" => ActivationKind.Sigmoid,
        "tanh" => ActivationKind.Tanh,
        "gelu" => ActivationKind.Gelu,
        _ => throw new ArgumentException($"activation: '{name}' is not one of relu, leaky-relu, sigmoid, tanh, gelu", nameof(name)),
    };

    // x [count] -> y [count]
    public static void Forward(ActivationKind kind, ReadOnlySpan<float> x, Span<float> y)
    {
        switch (kind)
        {
            case ActivationKind.Relu: Relu.Forward(x, y); break;
            case ActivationKind.LeakyRelu: LeakyRelu.Forward(x, y); break;
            case ActivationKind.Sigmoid: Sigmoid.Forward(x, y); break;
            case ActivationKind.Tanh: Tanh.Forward(x, y); break;
            default: Gelu.Forward(x, y); break;
        }
    }

    // x (forward input), y (forward output), dy [count] -> dx [count] (overwritten; may alias dy)
    public static void Backward(ActivationKind kind, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        switch (kind)
        {
            case ActivationKind.Relu: Relu.Backward(y, dy, dx); break;
            case ActivationKind.LeakyRelu: LeakyRelu.Backward(x, dy, dx); break;
            case ActivationKind.Sigmoid: Sigmoid.Backward(y, dy, dx); break;
            case ActivationKind.Tanh: Tanh.Backward(y, dy, dx); break;
            default: Gelu.Backward(x, dy, dx); break;
        }
    }
}

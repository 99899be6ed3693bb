namespace Sweep.Engine.Layers;

/// <summary>Hidden activations, in <see cref="Config.Catalog.Activations"/> order.</summary>
internal enum ActivationKind
{
    Relu,
    LeakyRelu,
    Sigmoid,
    Tanh,
    Gelu,
}

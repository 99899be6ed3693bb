using Sweep.Engine.Config;
using Sweep.Engine.Layers;

namespace Sweep.Engine.Model;

/// <summary>The canonical MLP's sizes and kinds. Depth counts hidden layers, the stem included.</summary>
internal sealed record MlpShape(int Inputs, int Width, int Depth, int Outputs, ActivationKind Activation, NormKind Norm, bool Residual)
{
    public static MlpShape From(TrialConfig config, int inputs, int outputs) => new(
        inputs, config.Width, config.Depth, outputs, Layers.Activation.Parse(config.Activation), ParseNorm(config.Norm), config.Residual);

    public static NormKind ParseNorm(string name) => name switch
    {
        "none" => NormKind.None,
        "batchnorm" => NormKind.BatchNorm,
        "layernorm" => NormKind.LayerNorm,
        _ => throw new ArgumentException($"norm: '{name}' is not one of none, batchnorm, layernorm", nameof(name)),
    };
}

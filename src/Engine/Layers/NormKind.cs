namespace Sweep.Engine.Layers;

/// <summary>Normalization after each hidden Linear, in <see cref="Config.Catalog.Norms"/> order.</summary>
internal enum NormKind
{
    None,
    BatchNorm,
    LayerNorm,
}

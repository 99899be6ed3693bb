namespace Sweep.Specs;

/// <summary>
/// Points drawn for continuous fields: <see cref="Count"/> points, each crossed with every grid
/// combination and seed. <see cref="Sampler"/> is "random" (a <c>SeededRandom</c> stream from
/// <see cref="SamplerSeed"/>) or "sobol" (the unscrambled Sobol sequence without its first point,
/// so <see cref="SamplerSeed"/> is 0 and unused).
/// </summary>
public sealed record SpecSample(int Count, string Sampler, long SamplerSeed, IReadOnlyList<SampleParam> Params)
{
    public const string Random = "random";
    public const string Sobol = "sobol";
}

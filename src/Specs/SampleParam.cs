namespace Sweep.Specs;

/// <summary>
/// One sampled field: <see cref="Distribution"/> is "uniform", "log-uniform" or "int-uniform"
/// (written <c>uniform</c>, <c>log_uniform</c>, <c>int_uniform</c> in specs); the range is inclusive.
/// </summary>
public sealed record SampleParam(string Field, string Distribution, double Low, double High)
{
    public const string Uniform = "uniform";
    public const string LogUniform = "log-uniform";
    public const string IntUniform = "int-uniform";
}

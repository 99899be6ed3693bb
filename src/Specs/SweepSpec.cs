using System.Security.Cryptography;
using System.Text;
using Sweep.Engine.Config;
using Sweep.Specs.Expansion;

namespace Sweep.Specs;

/// <summary>
/// A validated sweep: the fixed settings, the grid of axes, optional sampled points, the seeds
/// and the exclude rules. Built only by <see cref="SpecParser"/>, so every instance is valid.
/// Trials come out of <see cref="EnumerateTrials"/> in a fixed order (axes in ConfigSchema order,
/// the first varying slowest; then sample points; then seeds), lazily and in constant memory.
/// </summary>
public sealed class SweepSpec
{
    private readonly TrialGrid _grid;
    private readonly long _trialCount;
    private readonly Lazy<string> _canonicalJson;

    /// <exception cref="OverflowException">The grid has more than long.MaxValue trials.</exception>
    internal SweepSpec(
        string name, TrialConfig baseConfig, IReadOnlyList<SpecAxis> axes, IReadOnlyList<long> seeds, SpecSample? sample,
        IReadOnlyList<IReadOnlyDictionary<string, object?>> exclude, IReadOnlyList<ExcludeRule> excludeRules, RankingSettings ranking)
    {
        Name = name;
        Base = baseConfig;
        Axes = axes;
        Seeds = seeds;
        Sample = sample;
        Exclude = exclude;
        Ranking = ranking;
        _grid = new TrialGrid(baseConfig, axes, excludeRules, sample, seeds);
        _trialCount = checked(_grid.CountCombinations() * (sample?.Count ?? 1) * seeds.Count);
        _canonicalJson = new Lazy<string>(() => SpecCanonicalJson.Write(this));
        SweepId = HashId(ToCanonicalJson());
    }

    public string Name { get; }

    /// <summary>Every fixed setting (base, dataset, budget keys); axis and sampled fields hold their defaults here. Seed 0.</summary>
    public TrialConfig Base { get; }

    /// <summary>Varied fields in ConfigSchema order; values in the order given.</summary>
    public IReadOnlyList<SpecAxis> Axes { get; }

    public IReadOnlyList<long> Seeds { get; }

    public SpecSample? Sample { get; }

    /// <summary>Each rule maps axis fields to the list (IReadOnlyList&lt;object?&gt;) of values it matches; a trial matching every key of a rule is left out.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Exclude { get; }

    public RankingSettings Ranking { get; }

    /// <summary>16 lowercase hex characters of SHA-256 over <see cref="ToCanonicalJson"/>.</summary>
    public string SweepId { get; }

    internal TrialGrid Grid => _grid;

    /// <summary>The spec with sorted keys, defaults written out and invariant numbers; parsing it gives this spec back.</summary>
    public string ToCanonicalJson() => _canonicalJson.Value;

    /// <summary>Trials after the exclude rules, times sample points, times seeds; computed without listing them.</summary>
    public long CountTrials() => _trialCount;

    /// <summary>Every trial as a canonical config with its seed, lazily, in a fixed order.</summary>
    public IEnumerable<TrialConfig> EnumerateTrials() => _grid.Enumerate();

    public override string ToString() => $"{Name} ({SweepId}): {CountTrials()} trials";

    internal static string HashId(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}

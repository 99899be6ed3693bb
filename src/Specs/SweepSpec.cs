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
/// A spec with <see cref="Grids"/> runs the union of its grids' trials, grid after grid, each
/// trial once (the first grid that produces it owns it).
/// </summary>
public sealed class SweepSpec
{
    private readonly TrialGrid? _grid;
    private readonly GridUnion? _union;
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
        Grids = [];
        _grid = new TrialGrid(baseConfig, axes, excludeRules, sample, seeds);
        _trialCount = checked(_grid.CountCombinations() * (sample?.Count ?? 1) * seeds.Count);
        _canonicalJson = new Lazy<string>(() => SpecCanonicalJson.Write(this));
        SweepId = HashId(ToCanonicalJson());
    }

    /// <summary>
    /// A spec made of several grids (each a valid spec sharing <paramref name="seeds"/> and
    /// <paramref name="sample"/>). <see cref="Base"/> and <see cref="Axes"/> describe the union:
    /// a field that takes one value in every grid is fixed, any other is an axis listing every
    /// value some grid gives it (first seen first).
    /// </summary>
    /// <exception cref="OverflowException">The union has more than long.MaxValue trials.</exception>
    internal SweepSpec(string name, IReadOnlyList<SpecGrid> grids, IReadOnlyList<long> seeds, SpecSample? sample, RankingSettings ranking)
    {
        Name = name;
        Grids = grids;
        Seeds = seeds;
        Sample = sample;
        Exclude = [];
        Ranking = ranking;
        (Base, Axes) = UnionOf(grids, sample);
        _union = new GridUnion([.. grids.Select(g => g.Spec.Grid)]);
        NewCombinationsPerGrid = _union.CountNewCombinations();
        long combinations = 0;
        foreach (long count in NewCombinationsPerGrid)
        {
            combinations = checked(combinations + count);
        }

        _trialCount = checked(combinations * (sample?.Count ?? 1) * seeds.Count);
        _canonicalJson = new Lazy<string>(() => SpecCanonicalJson.Write(this));
        SweepId = HashId(ToCanonicalJson());
    }

    public string Name { get; }

    /// <summary>What the spec was read from (its file name, or "hashtable"): the name its errors carry. Not part of the sweep's identity.</summary>
    public string SourceName { get; internal set; } = "";

    /// <summary>Every fixed setting (base, dataset, budget keys); axis and sampled fields hold their defaults here. Seed 0.</summary>
    public TrialConfig Base { get; }

    /// <summary>Varied fields in ConfigSchema order; values in the order given.</summary>
    public IReadOnlyList<SpecAxis> Axes { get; }

    public IReadOnlyList<long> Seeds { get; }

    public SpecSample? Sample { get; }

    /// <summary>Each rule maps axis fields to the list (IReadOnlyList&lt;object?&gt;) of values it matches; a trial matching every key of a rule is left out.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Exclude { get; }

    public RankingSettings Ranking { get; }

    /// <summary>The hypotheses the spec states about its results (<c>expectations</c>); not part of <see cref="SweepId"/>.</summary>
    public IReadOnlyList<SpecExpectation> Expectations { get; internal set; } = [];

    /// <summary>The adaptive stopping rule (<c>stopping</c>); not part of <see cref="SweepId"/>, but stored with the run folder's spec.</summary>
    public StoppingSettings Stopping { get; internal set; } = StoppingSettings.None;

    /// <summary>The loss race stops against: the ranking's target_loss, else the spec's own (fixed) target_loss; null when neither is given.</summary>
    public double? RaceTarget => Ranking.TargetLoss ?? Base.TargetLoss;

    /// <summary>Why a race cannot run without a target (spec errors and the -Stopping override say the same).</summary>
    public const string RaceNeedsTarget =
        "rule race caps trials on their steps to target, so the spec needs a target: set target_loss (top level or in ranking)";

    public const string SyncNeedsSteps =
        "asha's \"mode\": \"sync\" fixes its rungs before the first trial runs, and a budget in epochs has as many steps as the data "
        + "has batches: give every trial its budget in steps (\"steps\" instead of \"epochs\")";

    /// <summary>
    /// This spec with another stopping rule (Start-Sweep -Stopping, sweep-worker --stopping): the section's other settings
    /// are kept when the rule is the spec's own, else the rule's defaults apply.
    /// </summary>
    /// <exception cref="SpecException">Race without a target loss.</exception>
    public SweepSpec WithStoppingRule(StopRuleKind rule)
    {
        if (rule == StopRuleKind.Race && RaceTarget is null)
        {
            throw new SpecException(SourceName, [new SpecError("stopping.rule", RaceNeedsTarget, null, null)]);
        }

        var copy = (SweepSpec)MemberwiseClone();
        copy.Stopping = rule == Stopping.Rule ? Stopping : new StoppingSettings(rule);
        return copy;
    }

    /// <summary>The named grids, in the order their trials run; empty for a spec of one grid (its axes at the top level).</summary>
    public IReadOnlyList<SpecGrid> Grids { get; }

    /// <summary>Per grid, the combinations (before sample points and seeds) no earlier grid produces.</summary>
    internal IReadOnlyList<long> NewCombinationsPerGrid { get; } = [];

    /// <summary>16 lowercase hex characters of SHA-256 over <see cref="ToCanonicalJson"/>.</summary>
    public string SweepId { get; }

    /// <summary>The single grid of a spec without <see cref="Grids"/> (each grid's sub-spec has one).</summary>
    internal TrialGrid Grid => _grid ?? throw new InvalidOperationException($"spec '{Name}' has several grids");

    /// <summary>The spec with sorted keys, defaults written out and invariant numbers; parsing it gives this spec back.</summary>
    public string ToCanonicalJson() => _canonicalJson.Value;

    /// <summary>The canonical JSON plus <see cref="Expectations"/> and <see cref="Stopping"/>: what a run folder stores, so its analysis can check them.</summary>
    public string ToStoredJson() => Expectations.Count == 0 && !Stopping.IsActive ? ToCanonicalJson() : SpecCanonicalJson.Write(this, withExpectations: true);

    /// <summary>Trials after the exclude rules, times sample points, times seeds; computed without listing them.</summary>
    public long CountTrials() => _trialCount;

    /// <summary>Every trial as a canonical config with its seed, lazily, in a fixed order.</summary>
    public IEnumerable<TrialConfig> EnumerateTrials() => _union?.Enumerate() ?? _grid!.Enumerate();

    /// <summary>
    /// The name of the grid <paramref name="config"/> belongs to: the first grid that produces it
    /// (seed included). Null when the spec has no <see cref="Grids"/> or no grid produces the config.
    /// </summary>
    public string? GridOf(TrialConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (_union is null || !Seeds.Contains(config.Seed))
        {
            return null;
        }

        int index = _union.IndexOf(config);
        return index < 0 ? null : Grids[index].Name;
    }

    public override string ToString() => $"{Name} ({SweepId}): {CountTrials()} trials";

    private static readonly TrialConfig Defaults = new();

    private static (TrialConfig Base, IReadOnlyList<SpecAxis> Axes) UnionOf(IReadOnlyList<SpecGrid> grids, SpecSample? sample)
    {
        TrialConfig baseConfig = grids[0].Spec.Base;
        var axes = new List<SpecAxis>();
        foreach (ConfigField field in ConfigSchema.Fields)
        {
            if (field.Name == "seed" || sample?.Params.Any(p => p.Field == field.Name) == true)
            {
                continue;
            }

            var values = new List<object?>();
            foreach (SpecGrid grid in grids)
            {
                IReadOnlyList<object?> gridValues = grid.Spec.Axes.FirstOrDefault(a => a.Field == field.Name)?.Values ?? [field.Get(grid.Spec.Base)];
                values.AddRange(gridValues.Where(v => !values.Contains(v)));
            }

            if (values.Count > 1)
            {
                axes.Add(new SpecAxis(field.Name, values));
                baseConfig = field.With(baseConfig, field.Get(Defaults));
            }
            else
            {
                baseConfig = field.With(baseConfig, values[0]);
            }
        }

        return (baseConfig, axes);
    }

    internal static string HashId(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}

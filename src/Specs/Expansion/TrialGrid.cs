using Sweep.Engine.Config;

namespace Sweep.Specs.Expansion;

/// <summary>
/// The trials of a spec as a mixed-radix counter: one digit per axis (the first axis varies
/// slowest), then the sample points, then the seeds (fastest), so the replicates of a
/// configuration run side by side. Excluded combinations are skipped as the counter passes them.
/// Enumeration keeps one config per axis prefix and rebuilds only the suffix whose digits changed:
/// memory is constant and most trials cost one <c>with</c> per changed axis.
/// </summary>
internal sealed class TrialGrid
{
    private readonly TrialConfig _base;
    private readonly ConfigField[] _fields;
    private readonly IReadOnlyList<object?>[] _values;

    /// <summary>Per axis, the index of each non-null value, so membership costs one lookup per axis.</summary>
    private readonly Dictionary<object, int>[] _valueIndex;
    private readonly int[] _sizes;
    private readonly IReadOnlyList<ExcludeRule> _rules;
    private readonly SpecSample? _sample;
    private readonly IReadOnlyList<long> _seeds;

    /// <summary>Fields whose canonical value depends on another field (momentum and eps on the optimizer): an axis value null becomes the optimizer's default.</summary>
    internal static readonly HashSet<string> CanonicalisedFields = new(StringComparer.Ordinal) { "momentum", "eps" };

    /// <summary>Up to this many rules, excluded combinations are counted by inclusion-exclusion (2^rules terms).</summary>
    private const int MaxRulesForInclusionExclusion = 12;

    public TrialGrid(TrialConfig baseConfig, IReadOnlyList<SpecAxis> axes, IReadOnlyList<ExcludeRule> rules, SpecSample? sample, IReadOnlyList<long> seeds)
    {
        _base = baseConfig;
        _fields = [.. axes.Select(a => ConfigSchema.Find(a.Field)!)];
        _values = [.. axes.Select(a => a.Values)];
        _valueIndex = [.. axes.Select(a => a.Values
            .Select((value, index) => (value, index))
            .Where(pair => pair.value is not null)
            .ToDictionary(pair => pair.value!, pair => pair.index))];
        _sizes = [.. axes.Select(a => a.Values.Count)];
        _rules = rules;
        _sample = sample;
        _seeds = seeds;
    }

    public int AxisCount => _sizes.Length;

    public IReadOnlyList<int> AxisSizes => _sizes;

    /// <summary>Grid combinations left after the exclude rules. Throws OverflowException past long.MaxValue.</summary>
    public long CountCombinations()
    {
        long all = 1;
        foreach (int size in _sizes)
        {
            all = checked(all * size);
        }

        if (_rules.Count == 0)
        {
            return all;
        }

        return all - (_rules.Count <= MaxRulesForInclusionExclusion ? CountExcludedByInclusionExclusion() : CountExcludedByWalking());
    }

    /// <summary>
    /// Combinations matching at least one rule, by inclusion-exclusion: the combinations matching a
    /// set of rules are, per axis, the values every rule of the set accepts, multiplied together.
    /// Costs 2^rules products, independent of the grid's size.
    /// </summary>
    private long CountExcludedByInclusionExclusion()
    {
        Int128 excluded = 0;
        for (int mask = 1; mask < 1 << _rules.Count; mask++)
        {
            Int128 matching = 1;
            for (int axis = 0; axis < _sizes.Length && matching != 0; axis++)
            {
                int accepted = 0;
                for (int value = 0; value < _sizes[axis]; value++)
                {
                    if (AllAccept(mask, axis, value))
                    {
                        accepted++;
                    }
                }

                matching *= accepted;
            }

            excluded += int.PopCount(mask) % 2 == 1 ? matching : -matching;
        }

        return (long)excluded;
    }

    private bool AllAccept(int mask, int axis, int value)
    {
        for (int rule = 0; rule < _rules.Count; rule++)
        {
            if ((mask & (1 << rule)) != 0)
            {
                foreach (ExcludeCondition condition in _rules[rule].Conditions)
                {
                    if (condition.Axis == axis && !condition.MatchesValue[value])
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Combinations matching at least one rule, for many rules: walks the subspace of the axes the
    /// rules name and scales by the size of the rest.
    /// </summary>
    private long CountExcludedByWalking()
    {
        int[] ruleAxes = [.. _rules.SelectMany(r => r.Conditions).Select(c => c.Axis).Distinct().Order()];
        long rest = 1;
        for (int axis = 0; axis < _sizes.Length; axis++)
        {
            if (!ruleAxes.Contains(axis))
            {
                rest = checked(rest * _sizes[axis]);
            }
        }

        var digits = new int[_sizes.Length];
        long excluded = 0;
        do
        {
            if (ExcludeRule.AnyMatches(_rules, digits))
            {
                excluded++;
            }
        }
        while (Increment(digits, ruleAxes));

        return checked(excluded * rest);
    }

    public IEnumerable<TrialConfig> Enumerate()
    {
        var points = _sample is null ? null : new SamplePoints(_sample);
        foreach (TrialConfig combination in EnumerateCombinations())
        {
            if (points is null)
            {
                foreach (long seed in _seeds)
                {
                    yield return (combination with { Seed = seed }).Canonical();
                }

                continue;
            }

            points.Reset();
            for (int point = 0; point < points.Count; point++)
            {
                TrialConfig sampled = points.ApplyNext(combination);
                foreach (long seed in _seeds)
                {
                    yield return (sampled with { Seed = seed }).Canonical();
                }
            }
        }
    }

    /// <summary>The combinations the exclude rules leave, in counter order: base plus axis values, no sample values, seed 0, not canonicalised.</summary>
    public IEnumerable<TrialConfig> EnumerateCombinations()
    {
        int n = _sizes.Length;
        var digits = new int[n];
        var prefix = new TrialConfig[n + 1];
        prefix[0] = _base;
        for (int axis = 0; axis < n; axis++)
        {
            prefix[axis + 1] = _fields[axis].With(prefix[axis], _values[axis][0]);
        }

        while (true)
        {
            if (!ExcludeRule.AnyMatches(_rules, digits))
            {
                yield return prefix[n];
            }

            int changed = IncrementFrom(digits);
            if (changed < 0)
            {
                yield break;
            }

            for (int axis = changed; axis < n; axis++)
            {
                prefix[axis + 1] = _fields[axis].With(prefix[axis], _values[axis][digits[axis]]);
            }
        }
    }

    /// <summary>
    /// Whether this grid produces <paramref name="config"/> (seed aside): every axis field holds one
    /// of the axis's values, every sampled field lies in its range (or, with
    /// <paramref name="ignoreSampled"/>, is not looked at), no exclude rule matches, and every other
    /// field equals the base's once both are canonical. O(fields), allocation-free but for the candidate records.
    /// </summary>
    public bool Contains(TrialConfig config, bool ignoreSampled = false)
    {
        Span<int> digits = _fields.Length <= 64 ? stackalloc int[_fields.Length] : new int[_fields.Length];
        TrialConfig candidate = _base with { Seed = config.Seed };
        for (int axis = 0; axis < _fields.Length; axis++)
        {
            object? value = _fields[axis].Get(config);
            int index = IndexOf(axis, value);
            if (index < 0 && !TryCanonicalIndex(axis, config, out index))
            {
                return false;
            }

            digits[axis] = index;
            candidate = _fields[axis].With(candidate, _values[axis][index]);
        }

        if (ExcludeRule.AnyMatches(_rules, digits))
        {
            return false;
        }

        foreach (SampleParam param in _sample?.Params ?? [])
        {
            ConfigField field = ConfigSchema.Find(param.Field)!;
            object? value = field.Get(ignoreSampled ? candidate : config);
            if (!ignoreSampled && !InRange(value, param))
            {
                return false;
            }

            candidate = field.With(candidate, value);
        }

        return candidate.Canonical() == (ignoreSampled ? ResetSampled(config) : config).Canonical();
    }

    /// <summary>
    /// The values field <paramref name="field"/> can take in this grid: the axis's values, or the
    /// base value; null for a sampled field (any value in its range).
    /// </summary>
    public IReadOnlyList<object?>? ValuesOf(ConfigField field)
    {
        int axis = Array.IndexOf(_fields, field);
        if (axis >= 0)
        {
            return _values[axis];
        }

        return _sample?.Params.Any(p => p.Field == field.Name) == true ? null : [field.Get(_base)];
    }

    private TrialConfig ResetSampled(TrialConfig config)
    {
        foreach (SampleParam param in _sample?.Params ?? [])
        {
            ConfigField field = ConfigSchema.Find(param.Field)!;
            config = field.With(config, field.Get(_base));
        }

        return config;
    }

    /// <summary>For a canonicalised field, the axis value that gives <paramref name="config"/>'s canonical value (a canonical trial holds 0.9 where the axis says null).</summary>
    private bool TryCanonicalIndex(int axis, TrialConfig config, out int index)
    {
        ConfigField field = _fields[axis];
        index = -1;
        if (!CanonicalisedFields.Contains(field.Name))
        {
            return false;
        }

        object? canonical = field.Get(config.Canonical());
        for (int i = 0; i < _values[axis].Count; i++)
        {
            if (Equals(field.Get(field.With(config, _values[axis][i]).Canonical()), canonical))
            {
                index = i;
                return true;
            }
        }

        return false;
    }

    private int IndexOf(int axis, object? value)
    {
        if (value is not null)
        {
            return _valueIndex[axis].TryGetValue(value, out int index) ? index : -1;
        }

        for (int i = 0; i < _values[axis].Count; i++)
        {
            if (_values[axis][i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool InRange(object? value, SampleParam param) => value switch
    {
        double number => number >= param.Low && number <= param.High,
        int integer => integer >= param.Low && integer <= param.High,
        long integer => integer >= param.Low && integer <= param.High,
        _ => false,
    };

    /// <summary>The base with each axis set to the value its digit selects (no sample values, no seed).</summary>
    public TrialConfig CombinationAt(ReadOnlySpan<int> digits)
    {
        TrialConfig config = _base;
        for (int axis = 0; axis < _fields.Length; axis++)
        {
            config = _fields[axis].With(config, _values[axis][digits[axis]]);
        }

        return config;
    }

    public bool IsExcluded(ReadOnlySpan<int> digits) => ExcludeRule.AnyMatches(_rules, digits);

    /// <summary>Advances the counter; returns the slowest axis whose digit changed, or -1 after the last combination.</summary>
    private int IncrementFrom(int[] digits)
    {
        for (int axis = digits.Length - 1; axis >= 0; axis--)
        {
            if (++digits[axis] < _sizes[axis])
            {
                return axis;
            }

            digits[axis] = 0;
        }

        return -1;
    }

    /// <summary>Advances only the digits of <paramref name="axes"/>; false after their last combination.</summary>
    private bool Increment(int[] digits, int[] axes)
    {
        for (int i = axes.Length - 1; i >= 0; i--)
        {
            int axis = axes[i];
            if (++digits[axis] < _sizes[axis])
            {
                return true;
            }

            digits[axis] = 0;
        }

        return false;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Sweep.Engine.Config;
using Sweep.Specs.Expansion;

namespace Sweep.Specs.Parsing;

/// <summary>
/// Turns a <see cref="SpecNode"/> tree into a <see cref="SweepSpec"/>, collecting every problem
/// with its path before giving up. Field names, types, ranges and allowed values all come from
/// <see cref="ConfigSchema"/>; cross-field rules from <see cref="ConfigSchema.Validate"/> run last,
/// once every value is valid on its own (see <see cref="CrossFieldCheck"/>).
/// </summary>
internal sealed partial class SpecBuilder
{
    private readonly SpecErrorList _errors;
    private readonly Dictionary<string, FieldOrigin> _fixed = new(StringComparer.Ordinal);
    private readonly List<AxisDraft> _axes = [];
    private readonly List<SampleParamDraft> _sampleParams = [];
    private SpecSample? _sample;
    private string _name = "";
    private IReadOnlyList<long> _seeds = [0];
    private readonly List<IReadOnlyDictionary<string, object?>> _exclude = [];
    private readonly List<ExcludeRule> _excludeRules = [];
    private RankingSettings _ranking = RankingSettings.Default;

    /// <summary>Path prefix of what this builder reads: "" for the spec, "grids[2]" for a grid.</summary>
    private readonly string _scope = "";

    /// <summary>For a grid: the top-level settings it starts from; its own settings override them.</summary>
    private readonly IReadOnlyDictionary<string, FieldOrigin> _inherited = new Dictionary<string, FieldOrigin>(StringComparer.Ordinal);

    private SpecBuilder(SpecErrorList errors) => _errors = errors;

    /// <summary>A builder for entry <paramref name="scope"/> of <c>grids</c>, sharing the spec's seeds, sample and ranking.</summary>
    private SpecBuilder(SpecBuilder spec, string scope)
    {
        _errors = spec._errors;
        _scope = scope;
        _inherited = spec._fixed;
        _seeds = spec._seeds;
        _sample = spec._sample;
        _sampleParams.AddRange(spec._sampleParams);
        _ranking = spec._ranking;
    }

    /// <summary>The spec, or a <see cref="SpecException"/> listing <paramref name="errors"/> (those already found by the reader) and every new one, by position.</summary>
    public static SweepSpec Build(SpecNode root, SpecErrorList errors, string sourceName)
    {
        var builder = new SpecBuilder(errors);
        SweepSpec? spec = builder.BuildSpec(root);
        if (errors.Count > 0 || spec is null)
        {
            throw errors.ToException(sourceName);
        }

        spec.SourceName = sourceName;
        return spec;
    }

    private SweepSpec? BuildSpec(SpecNode root)
    {
        if (root is not ObjectNode top)
        {
            Error("", root.Position, "a spec must be an object (a JSON {...} or a hashtable) with at least 'name'");
            return null;
        }

        var members = new Dictionary<string, MemberNode>(StringComparer.Ordinal);
        foreach (MemberNode member in top.Members)
        {
            if (SpecKeys.TopLevel.Contains(member.Key))
            {
                members[member.Key] = member;
            }
            else
            {
                UnknownTopLevelKey(member);
            }
        }

        ReadName(members.GetValueOrDefault(SpecKeys.Name), top);
        ReadDataset(members.GetValueOrDefault(SpecKeys.Dataset));
        ReadBase(members.GetValueOrDefault(SpecKeys.Base));
        ReadBudgets(members);
        MemberNode? grids = members.GetValueOrDefault(SpecKeys.Grids);
        if (grids is null)
        {
            ReadAxes(members.GetValueOrDefault(SpecKeys.Axes));
        }
        else
        {
            RefuseBesideGrids(members.GetValueOrDefault(SpecKeys.Axes));
            RefuseBesideGrids(members.GetValueOrDefault(SpecKeys.Exclude));
        }

        ReadSeeds(members.GetValueOrDefault(SpecKeys.Seeds));
        ReadSample(members.GetValueOrDefault(SpecKeys.Sample));
        if (grids is null)
        {
            ReadExclude(members.GetValueOrDefault(SpecKeys.Exclude));
        }

        ReadRanking(members.GetValueOrDefault(SpecKeys.Ranking));
        SweepSpec? spec = grids is not null ? ReadGrids(grids, top) : _errors.Count > 0 ? null : Assemble(top);
        if (spec is null)
        {
            return null;
        }

        ReadExpectations(members.GetValueOrDefault(SpecKeys.Expectations), [.. spec.Grids.Select(g => g.Name)]);
        spec.Expectations = _expectations;
        ReadStopping(members.GetValueOrDefault(SpecKeys.Stopping), spec);
        spec.Stopping = _stopping;
        return _errors.Count > 0 ? null : spec;
    }

    private void ReadBudgets(Dictionary<string, MemberNode> members)
    {
        foreach (string budget in SpecKeys.BudgetFields)
        {
            if (members.GetValueOrDefault(budget) is { } member)
            {
                SetFixed(ConfigSchema.Find(budget)!, member.Value, Scoped(member.Key));
            }
        }
    }

    private string Scoped(string key) => SpecPath.Member(_scope, key);

    private SweepSpec? Assemble(SpecNode top)
    {
        SweepSpec spec;
        try
        {
            spec = new SweepSpec(_name, BaseConfig(), [.. _axes.Select(a => new SpecAxis(a.Field.Name, a.Values))],
                _seeds, _sample, _exclude, _excludeRules, _ranking);
        }
        catch (OverflowException)
        {
            Error(Scoped(SpecKeys.Axes), top.Position, "the sweep has more than 9.2e18 trials: shrink the axes, sample count or seeds");
            return null;
        }

        if (spec.CountTrials() == 0)
        {
            Error(Scoped(SpecKeys.Exclude), top.Position, "the exclude rules leave no trial to run");
            return null;
        }

        new CrossFieldCheck(spec, _axes, _sampleParams, EffectiveFixed(), top.Position, _scope, _errors).Run();
        return spec;
    }

    /// <summary>The fixed settings in force: inherited ones the grid neither overrides nor varies, then its own.</summary>
    private Dictionary<string, FieldOrigin> EffectiveFixed()
    {
        var settings = new Dictionary<string, FieldOrigin>(StringComparer.Ordinal);
        foreach (var (name, origin) in _inherited)
        {
            if (!_axes.Any(a => a.Field.Name == name))
            {
                settings[name] = origin;
            }
        }

        foreach (var (name, origin) in _fixed)
        {
            settings[name] = origin;
        }

        return settings;
    }

    /// <summary>Defaults, then every fixed setting; a budget in steps turns the default epoch budget off.</summary>
    private TrialConfig BaseConfig()
    {
        var config = new TrialConfig();
        foreach (var (name, origin) in EffectiveFixed())
        {
            config = ConfigSchema.Find(name)!.With(config, origin.Value);
        }

        bool stepsGiven = IsGivenAnywhere("steps");
        if (stepsGiven && !IsGivenAnywhere("epochs"))
        {
            config = config with { Epochs = 0 };
        }

        return config;
    }

    private bool IsGivenAnywhere(string field) =>
        _fixed.ContainsKey(field) || _inherited.ContainsKey(field) || _axes.Any(a => a.Field.Name == field) || _sampleParams.Any(p => p.Field.Name == field);

    private void UnknownTopLevelKey(MemberNode member)
    {
        string message = ConfigSchema.Find(member.Key) is not null && member.Key != SpecKeys.SeedField
            ? $"'{member.Key}' is a trial setting: put it in base (fixed for every trial) or axes (varied)"
            : $"unknown key '{member.Key}'" + (Suggestions.Closest(member.Key, SpecKeys.TopLevel) is { } match
                ? $"; did you mean '{match}'?"
                : $"; a spec holds {string.Join(", ", SpecKeys.TopLevel)}");
        Error(member.Key, member.KeyPosition, message);
    }

    private void ReadName(MemberNode? member, ObjectNode top)
    {
        if (member is null)
        {
            Error(SpecKeys.Name, top.Position, "required: a short name for the sweep, e.g. \"quickstart\"");
            return;
        }

        if (member.Value is not ScalarNode { Value: string name })
        {
            Error(SpecKeys.Name, member.Value.Position, "must be a string, e.g. \"quickstart\"");
            return;
        }

        if (!NamePattern().IsMatch(name))
        {
            Error(SpecKeys.Name, member.Value.Position, $"'{name}' is not a valid name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return;
        }

        _name = name;
    }

    private void ReadDataset(MemberNode? member)
    {
        switch (member?.Value)
        {
            case null:
                return;
            case ScalarNode { Value: string }:
                SetFixed(ConfigSchema.Find("dataset")!, member.Value, Scoped(SpecKeys.Dataset));
                return;
            case ObjectNode settings:
                foreach (MemberNode setting in settings.Members)
                {
                    string path = SpecPath.Member(Scoped(SpecKeys.Dataset), setting.Key);
                    if (SpecKeys.DatasetFields.Contains(setting.Key))
                    {
                        SetFixed(ConfigSchema.Find(setting.Key)!, setting.Value, path);
                    }
                    else if (ConfigSchema.Find(setting.Key) is not null)
                    {
                        Error(path, setting.KeyPosition, $"'{setting.Key}' is not a dataset setting: put it in base");
                    }
                    else
                    {
                        Error(path, setting.KeyPosition, $"unknown dataset setting '{setting.Key}'" + Suggestions.DidYouMean(setting.Key, SpecKeys.DatasetFields)
                            + $" (dataset settings: {string.Join(", ", SpecKeys.DatasetFields)})");
                    }
                }

                return;
            default:
                Error(Scoped(SpecKeys.Dataset), member.Value.Position, "must be a dataset name (e.g. \"spirals\") or an object of dataset settings");
                return;
        }
    }

    private void ReadBase(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ObjectNode settings)
        {
            Error(Scoped(SpecKeys.Base), member.Value.Position, "must be an object of trial settings, e.g. {\"depth\": 4}");
            return;
        }

        foreach (MemberNode setting in settings.Members)
        {
            string path = SpecPath.Member(Scoped(SpecKeys.Base), setting.Key);
            if (FieldNamed(setting.Key, path, setting.KeyPosition, "the seed comes from 'seeds', not from base") is { } field)
            {
                SetFixed(field, setting.Value, path);
            }
        }
    }

    /// <summary>The trial setting called <paramref name="key"/>, or null after reporting why there is none.</summary>
    private ConfigField? FieldNamed(string key, string path, SourcePosition? position, string seedMessage)
    {
        if (key == SpecKeys.SeedField)
        {
            Error(path, position, seedMessage);
            return null;
        }

        if (ConfigSchema.Find(key) is { } field)
        {
            return field;
        }

        Error(path, position, $"unknown setting '{key}'" + Suggestions.DidYouMean(key, SettingNames()));
        return null;
    }

    private static IEnumerable<string> SettingNames() => ConfigSchema.Names.Where(n => n != SpecKeys.SeedField);

    private void SetFixed(ConfigField field, SpecNode node, string path)
    {
        if (_fixed.TryGetValue(field.Name, out FieldOrigin? earlier))
        {
            Error(path, node.Position, $"'{field.Name}' is already given at {earlier.Path}{LineSuffix(earlier.Position)}: give it once");
            return;
        }

        if (TryConvert(field, node, path, out object? value))
        {
            _fixed[field.Name] = new FieldOrigin(value, path, node.Position);
        }
    }

    /// <summary>Converts and checks a user value for <paramref name="field"/>, reporting the problem at <paramref name="path"/>.</summary>
    /// <remarks>With <paramref name="index"/> &gt;= 0 the problem is reported at item <paramref name="index"/> of <paramref name="path"/>; that path is built only for an error (a list of a million values costs no million strings).</remarks>
    private bool TryConvert(ConfigField field, SpecNode node, string path, out object? value, int index = -1)
    {
        value = null;
        if (index >= 0 && node is ScalarNode { Value: var raw } && field.TryConvert(raw, out value, out _) && field.Check(value) is null)
        {
            return true;
        }

        path = index >= 0 ? SpecPath.Item(path, index) : path;
        if (node is not ScalarNode scalar)
        {
            Error(path, node.Position, $"must be a single value, not {(node is ArrayNode ? "a list" : "an object")}");
            return false;
        }

        if (!field.TryConvert(scalar.Value, out value, out string? conversionError))
        {
            Error(path, node.Position, conversionError!);
            return false;
        }

        if (field.Check(value) is { } checkError)
        {
            string hint = value is string text && field.AllowedValues is { } allowed ? Suggestions.DidYouMean(text, allowed) : "";
            Error(path, node.Position, checkError + hint);
            return false;
        }

        return true;
    }

    private void Error(string path, SourcePosition? position, string message) =>
        _errors.Add(new SpecError(path, message, position?.Line, position?.Column));

    /// <summary>
    /// Reports item <paramref name="index"/> of <paramref name="path"/> with <paramref name="format"/>
    /// ({0}: the value, {1}: the path of item <paramref name="earlier"/>), building its text only when
    /// the error will be kept: a list of a million bad values then costs a counter, not a million messages.
    /// </summary>
    private void ItemError(string path, int index, SourcePosition? position, string format, object? value, int earlier)
    {
        if (!_errors.WouldKeep(position?.Line, position?.Column))
        {
            _errors.CountUnkept();
            return;
        }

        string message = string.Format(CultureInfo.InvariantCulture, format, ConfigField.Format(value), SpecPath.Item(path, earlier));
        Error(SpecPath.Item(path, index), position, message);
    }

    private static string LineSuffix(SourcePosition? position) => position is { } p ? $" (line {p.Line})" : "";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();
}

/// <summary>Where a fixed setting was given, for errors that surface later.</summary>
internal sealed record FieldOrigin(object? Value, string Path, SourcePosition? Position);

/// <summary>An axis as read: typed values and the position of each.</summary>
internal sealed record AxisDraft(ConfigField Field, List<object?> Values, List<SourcePosition?> Positions, string Path)
{
    private Dictionary<object, int>? _indexOf;

    /// <summary>The index of <paramref name="value"/> among <see cref="Values"/> (which are distinct), or -1; constant time once the axis is read.</summary>
    public int IndexOf(object? value)
    {
        if (value is null)
        {
            return Values.IndexOf(null);
        }

        _indexOf ??= Values.Select((v, i) => (v, i)).Where(p => p.v is not null).ToDictionary(p => p.v!, p => p.i);
        return _indexOf.GetValueOrDefault(value, -1);
    }

    /// <summary>The values for a message: the first ten, then how many there are in all.</summary>
    public string DescribeValues() => Values.Count <= 10
        ? string.Join(", ", Values.Select(ConfigField.Format))
        : string.Join(", ", Values.Take(10).Select(ConfigField.Format)) + string.Create(CultureInfo.InvariantCulture, $", ... ({Values.Count:N0} values)");
}

/// <summary>A sampled field as read, with the position of its range.</summary>
internal sealed record SampleParamDraft(ConfigField Field, SampleParam Param, string Path, SourcePosition? Position);

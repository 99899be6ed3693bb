using Sweep.Engine.Config;
using Sweep.Specs.Expansion;

namespace Sweep.Specs.Parsing;

internal sealed partial class SpecBuilder
{
    private void ReadSample(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ObjectNode sample)
        {
            Error(SpecKeys.Sample, member.Value.Position, "must be an object: {\"count\": 20, \"sampler\": \"sobol\", \"params\": {\"lr\": {\"log_uniform\": [0.0001, 1]}}}");
            return;
        }

        var keys = new Dictionary<string, MemberNode>(StringComparer.Ordinal);
        foreach (MemberNode key in sample.Members)
        {
            if (SpecKeys.SampleKeys.Contains(key.Key))
            {
                keys[key.Key] = key;
            }
            else
            {
                Error(SpecPath.Member(SpecKeys.Sample, key.Key), key.KeyPosition,
                    $"unknown key '{key.Key}'" + Suggestions.DidYouMean(key.Key, SpecKeys.SampleKeys) + $" (sample holds {string.Join(", ", SpecKeys.SampleKeys)})");
            }
        }

        int count = ReadSampleCount(keys.GetValueOrDefault(SpecKeys.SampleCount), sample);
        string sampler = ReadSampler(keys.GetValueOrDefault(SpecKeys.Sampler));
        long samplerSeed = ReadSamplerSeed(keys.GetValueOrDefault(SpecKeys.SamplerSeed), sampler);
        ReadSampleParams(keys.GetValueOrDefault(SpecKeys.SampleParams), sample, sampler);
        if (count > 0 && _sampleParams.Count > 0)
        {
            _sample = new SpecSample(count, sampler, samplerSeed, [.. _sampleParams.Select(p => p.Param)]);
        }
    }

    private int ReadSampleCount(MemberNode? member, ObjectNode sample)
    {
        const string Path = SpecKeys.Sample + "." + SpecKeys.SampleCount;
        if (member is null)
        {
            Error(Path, sample.Position, "required: how many points to draw");
            return 0;
        }

        if (member.Value is not ScalarNode scalar || !IsInteger(scalar.Value, out long count) || count < 1 || count > SpecLimits.MaxSampleCount)
        {
            Error(Path, member.Value.Position, $"must be an integer from 1 to {SpecLimits.MaxSampleCount}");
            return 0;
        }

        return (int)count;
    }

    private string ReadSampler(MemberNode? member)
    {
        if (member is null)
        {
            return SpecSample.Sobol;
        }

        if (member.Value is ScalarNode { Value: string sampler } && SpecKeys.Samplers.Contains(sampler))
        {
            return sampler;
        }

        string typed = (member.Value as ScalarNode)?.Value as string ?? "";
        Error(SpecKeys.Sample + "." + SpecKeys.Sampler, member.Value.Position,
            $"must be one of {string.Join(", ", SpecKeys.Samplers)}" + Suggestions.DidYouMean(typed, SpecKeys.Samplers));
        return SpecSample.Sobol;
    }

    private long ReadSamplerSeed(MemberNode? member, string sampler)
    {
        const string Path = SpecKeys.Sample + "." + SpecKeys.SamplerSeed;
        if (member is null)
        {
            return 0;
        }

        if (sampler != SpecSample.Random)
        {
            Error(Path, member.Value.Position, "only the random sampler takes a seed (the Sobol sequence is fixed): remove it or use \"sampler\": \"random\"");
            return 0;
        }

        if (member.Value is not ScalarNode scalar || !IsInteger(scalar.Value, out long seed) || seed < 0)
        {
            Error(Path, member.Value.Position, "must be an integer >= 0");
            return 0;
        }

        return seed;
    }

    private void ReadSampleParams(MemberNode? member, ObjectNode sample, string sampler)
    {
        const string Path = SpecKeys.Sample + "." + SpecKeys.SampleParams;
        if (member is null)
        {
            Error(Path, sample.Position, "required: the fields to sample, e.g. {\"lr\": {\"log_uniform\": [0.0001, 1]}}");
            return;
        }

        if (member.Value is not ObjectNode parameters || parameters.Members.Count == 0)
        {
            Error(Path, member.Value.Position, "must be a non-empty object mapping settings to a distribution, e.g. {\"lr\": {\"log_uniform\": [0.0001, 1]}}");
            return;
        }

        foreach (MemberNode parameter in parameters.Members)
        {
            string path = SpecPath.Member(Path, parameter.Key);
            if (FieldNamed(parameter.Key, path, parameter.KeyPosition, "the seed comes from 'seeds' and cannot be sampled") is { } field)
            {
                ReadSampleParam(field, parameter, path);
            }
        }

        _sampleParams.Sort((a, b) => SchemaOrder[a.Field.Name].CompareTo(SchemaOrder[b.Field.Name]));
        if (sampler == SpecSample.Sobol && _sampleParams.Count > SpecLimits.MaxSobolDimensions)
        {
            Error(Path, member.Value.Position, $"the Sobol sampler supports at most {SpecLimits.MaxSobolDimensions} fields, not {_sampleParams.Count}: use \"sampler\": \"random\"");
        }
    }

    private void ReadSampleParam(ConfigField field, MemberNode parameter, string path)
    {
        if (_fixed.TryGetValue(field.Name, out FieldOrigin? fixedAt))
        {
            Error(path, parameter.KeyPosition, $"'{field.Name}' is both fixed ({fixedAt.Path}{LineSuffix(fixedAt.Position)}) and sampled: remove one");
            return;
        }

        if (_axes.Any(a => a.Field == field))
        {
            Error(path, parameter.KeyPosition, $"'{field.Name}' is both an axis (axes.{field.Name}) and sampled: remove one");
            return;
        }

        string distributions = string.Join(", ", SpecKeys.Distributions.Keys);
        if (parameter.Value is not ObjectNode { Members.Count: 1 } spec)
        {
            Error(path, parameter.Value.Position, $"must be an object with one distribution ({distributions}) and its [low, high] range, e.g. {{\"log_uniform\": [0.0001, 1]}}");
            return;
        }

        MemberNode distribution = spec.Members[0];
        string rangePath = SpecPath.Member(path, distribution.Key);
        if (!SpecKeys.Distributions.TryGetValue(distribution.Key, out string? name))
        {
            Error(rangePath, distribution.KeyPosition, $"unknown distribution '{distribution.Key}'" + Suggestions.DidYouMean(distribution.Key, SpecKeys.Distributions.Keys) + $" (one of {distributions})");
            return;
        }

        if (!KindFits(field, name, rangePath, distribution.KeyPosition))
        {
            return;
        }

        if (distribution.Value is not ArrayNode { Items.Count: 2 } range)
        {
            Error(rangePath, distribution.Value.Position, "must be a [low, high] pair");
            return;
        }

        bool lowValid = TryRangeEnd(field, range.Items[0], SpecPath.Item(rangePath, 0), out double low);
        bool highValid = TryRangeEnd(field, range.Items[1], SpecPath.Item(rangePath, 1), out double high);
        if (!lowValid || !highValid)
        {
            return;
        }

        if (low >= high)
        {
            Error(rangePath, range.Position, $"low must be below high, not [{ConfigField.Format(low)}, {ConfigField.Format(high)}]");
            return;
        }

        if (name == SampleParam.LogUniform && low <= 0)
        {
            Error(SpecPath.Item(rangePath, 0), range.Items[0].Position, $"a log-uniform range must be above 0, not {ConfigField.Format(low)}");
            return;
        }

        _sampleParams.Add(new SampleParamDraft(field, new SampleParam(field.Name, name, low, high), rangePath, range.Position));
    }

    private bool KindFits(ConfigField field, string distribution, string path, SourcePosition? position)
    {
        bool integral = field.Kind is FieldKind.Int or FieldKind.Long;
        if (distribution == SampleParam.IntUniform ? integral : field.Kind == FieldKind.Double)
        {
            return true;
        }

        string message = field.Kind switch
        {
            FieldKind.Double => $"'{field.Name}' is a number: sample it with uniform or log_uniform",
            FieldKind.Int or FieldKind.Long => $"'{field.Name}' is an integer: sample it with int_uniform",
            _ => $"'{field.Name}' is not numeric and cannot be sampled: list its values in axes",
        };
        Error(path, position, message);
        return false;
    }

    /// <summary>One end of a range: legal for the field (so every value between is), as a double.</summary>
    private bool TryRangeEnd(ConfigField field, SpecNode node, string path, out double end)
    {
        end = 0;
        if (!TryConvert(field, node, path, out object? value) || value is null)
        {
            return false;
        }

        end = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}

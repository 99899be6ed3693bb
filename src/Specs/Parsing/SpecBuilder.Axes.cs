using Sweep.Engine.Config;

namespace Sweep.Specs.Parsing;

internal sealed partial class SpecBuilder
{
    private static readonly Dictionary<string, int> SchemaOrder =
        ConfigSchema.Fields.Select((field, index) => (field.Name, index)).ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);

    private void ReadAxes(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ObjectNode axes)
        {
            Error(Scoped(SpecKeys.Axes), member.Value.Position, "must be an object mapping settings to lists of values, e.g. {\"optimizer\": [\"sgd\", \"adam\"]}");
            return;
        }

        foreach (MemberNode axis in axes.Members)
        {
            string path = SpecPath.Member(Scoped(SpecKeys.Axes), axis.Key);
            if (FieldNamed(axis.Key, path, axis.KeyPosition, "replicates come from 'seeds': the seed cannot be an axis") is { } field)
            {
                ReadAxis(field, axis, path);
            }
        }

        _axes.Sort((a, b) => SchemaOrder[a.Field.Name].CompareTo(SchemaOrder[b.Field.Name]));
    }

    private void ReadAxis(ConfigField field, MemberNode axis, string path)
    {
        if (_fixed.TryGetValue(field.Name, out FieldOrigin? fixedAt))
        {
            Error(path, axis.KeyPosition, $"'{field.Name}' is both fixed ({fixedAt.Path}{LineSuffix(fixedAt.Position)}) and varied ({path}): remove one");
            return;
        }

        if (axis.Value is not ArrayNode list)
        {
            Error(path, axis.Value.Position, $"must be a list of values; a single fixed value belongs in base.{field.Name}");
            return;
        }

        if (list.Items.Count == 0)
        {
            Error(path, list.Position, "must list at least one value");
            return;
        }

        var draft = new AxisDraft(field, [], [], path);
        var firstIndex = new Dictionary<object, int>();
        int? firstNull = null;
        bool valid = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            SpecNode item = list.Items[i];
            if (!TryConvert(field, item, path, out object? value, index: i))
            {
                valid = false;
                continue;
            }

            int? duplicate = value is null ? firstNull : firstIndex.TryGetValue(value, out int index) ? index : null;
            if (duplicate is { } earlier)
            {
                ItemError(path, i, item.Position, "{0} is listed twice (also at {1})", value, earlier);
                valid = false;
                continue;
            }

            if (value is null)
            {
                firstNull = i;
            }
            else
            {
                firstIndex[value] = i;
            }

            draft.Values.Add(value);
            draft.Positions.Add(item.Position);
        }

        if (valid)
        {
            _axes.Add(draft);
        }
    }

    private void ReadSeeds(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        const string Usage = "must be a count (3 means seeds 0, 1 and 2) or a list of seeds such as [0, 7, 42]";
        switch (member.Value)
        {
            case ScalarNode scalar when IsInteger(scalar.Value, out long count):
                if (count < 1 || count > SpecLimits.MaxSeeds)
                {
                    Error(SpecKeys.Seeds, scalar.Position, $"the count must be 1 to {SpecLimits.MaxSeeds}, not {count}");
                    return;
                }

                _seeds = [.. Enumerable.Range(0, (int)count).Select(i => (long)i)];
                return;
            case ArrayNode list:
                ReadSeedList(list);
                return;
            default:
                Error(SpecKeys.Seeds, member.Value.Position, Usage);
                return;
        }
    }

    private void ReadSeedList(ArrayNode list)
    {
        if (list.Items.Count == 0 || list.Items.Count > SpecLimits.MaxSeeds)
        {
            Error(SpecKeys.Seeds, list.Position, $"must list 1 to {SpecLimits.MaxSeeds} seeds, not {list.Items.Count}");
            return;
        }

        var seeds = new List<long>();
        bool valid = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            SpecNode item = list.Items[i];
            string path = SpecPath.Item(SpecKeys.Seeds, i);
            if (item is not ScalarNode scalar || !IsInteger(scalar.Value, out long seed) || seed < 0)
            {
                Error(path, item.Position, "a seed must be an integer >= 0");
                valid = false;
            }
            else if (seeds.IndexOf(seed) is int earlier and >= 0)
            {
                Error(path, item.Position, $"seed {seed} is listed twice (also at {SpecPath.Item(SpecKeys.Seeds, earlier)})");
                valid = false;
            }
            else
            {
                seeds.Add(seed);
            }
        }

        if (valid)
        {
            _seeds = seeds;
        }
    }

    private static bool IsInteger(object? raw, out long value) => SpecNumbers.TryGetInteger(raw, out value);
}

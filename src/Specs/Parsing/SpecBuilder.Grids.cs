using System.Text.RegularExpressions;
using Sweep.Engine.Config;

namespace Sweep.Specs.Parsing;

/// <summary>
/// The <c>grids</c> key: a list of named grids, as scikit-learn's ParameterGrid takes a list of
/// dicts. Each grid reads dataset, base, budget keys, axes and exclude like a spec of its own,
/// starting from the top-level dataset, base and budget (its own settings override them; within a
/// grid a setting is still given once). Seeds, sample and ranking stay at the top level.
/// </summary>
internal sealed partial class SpecBuilder
{
    private void RefuseBesideGrids(MemberNode? member)
    {
        if (member is not null)
        {
            Error(member.Key, member.KeyPosition, $"a spec with 'grids' keeps '{member.Key}' in each grid (grids[i].{member.Key})");
        }
    }

    private SweepSpec? ReadGrids(MemberNode member, ObjectNode top)
    {
        if (member.Value is not ArrayNode { Items.Count: > 0 } list)
        {
            Error(SpecKeys.Grids, member.Value.Position,
                "must be a non-empty list of grids, e.g. [{\"name\": \"small\", \"axes\": {\"depth\": [2, 4]}}, {\"name\": \"deep\", \"base\": {\"depth\": 32}}]");
            return null;
        }

        var grids = new List<SpecGrid>();
        var positions = new List<SourcePosition?>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < list.Items.Count; i++)
        {
            var grid = new SpecBuilder(this, SpecPath.Item(SpecKeys.Grids, i));
            if (grid.ReadGrid(list.Items[i], names) is { } spec)
            {
                grids.Add(new SpecGrid(spec.Name, spec));
                positions.Add(list.Items[i].Position);
            }
        }

        if (_errors.Count > 0)
        {
            return null;
        }

        SweepSpec union;
        try
        {
            union = new SweepSpec(_name, grids, _seeds, _sample, _ranking);
        }
        catch (OverflowException)
        {
            Error(SpecKeys.Grids, member.Value.Position, "the sweep has more than 9.2e18 trials: shrink the grids, sample count or seeds");
            return null;
        }

        for (int i = 0; i < grids.Count; i++)
        {
            if (union.NewCombinationsPerGrid[i] == 0)
            {
                Error(SpecPath.Item(SpecKeys.Grids, i), positions[i], $"every trial of grid '{grids[i].Name}' is already in an earlier grid: remove it or change its settings");
            }
        }

        return _errors.Count > 0 ? null : union;
    }

    /// <summary>One entry of <c>grids</c> as a spec named after the grid, or null after reporting its problems.</summary>
    private SweepSpec? ReadGrid(SpecNode node, Dictionary<string, string> names)
    {
        if (node is not ObjectNode grid)
        {
            Error(_scope, node.Position, "a grid must be an object such as {\"name\": \"deep\", \"base\": {\"depth\": 32}, \"axes\": {\"norm\": [\"none\", \"batchnorm\"]}}");
            return null;
        }

        int errorsBefore = _errors.Count;
        var members = new Dictionary<string, MemberNode>(StringComparer.Ordinal);
        foreach (MemberNode member in grid.Members)
        {
            if (SpecKeys.GridKeys.Contains(member.Key))
            {
                members[member.Key] = member;
            }
            else
            {
                UnknownGridKey(member);
            }
        }

        ReadGridName(members.GetValueOrDefault(SpecKeys.Name), grid, names);
        ReadDataset(members.GetValueOrDefault(SpecKeys.Dataset));
        ReadBase(members.GetValueOrDefault(SpecKeys.Base));
        ReadBudgets(members);
        ReadAxes(members.GetValueOrDefault(SpecKeys.Axes));
        RefuseSetAndSampled();
        ReadExclude(members.GetValueOrDefault(SpecKeys.Exclude));
        return _errors.Count > errorsBefore ? null : Assemble(grid);
    }

    private void UnknownGridKey(MemberNode member)
    {
        string path = Scoped(member.Key);
        string message = member.Key is SpecKeys.Seeds or SpecKeys.Sample or SpecKeys.Ranking or SpecKeys.Grids
            ? $"'{member.Key}' applies to every grid: give it at the top level of the spec"
            : ConfigSchema.Find(member.Key) is not null && member.Key != SpecKeys.SeedField
                ? $"'{member.Key}' is a trial setting: put it in {Scoped(SpecKeys.Base)} (fixed in this grid) or {Scoped(SpecKeys.Axes)} (varied)"
                : $"unknown key '{member.Key}'" + Suggestions.DidYouMean(member.Key, SpecKeys.GridKeys)
                    + $" (a grid holds {string.Join(", ", SpecKeys.GridKeys)})";
        Error(path, member.KeyPosition, message);
    }

    private void ReadGridName(MemberNode? member, ObjectNode grid, Dictionary<string, string> names)
    {
        string path = Scoped(SpecKeys.Name);
        if (member is null)
        {
            Error(path, grid.Position, "required: a short name for the grid, e.g. \"deep-plain\"");
            return;
        }

        if (member.Value is not ScalarNode { Value: string name } || !GridNamePattern().IsMatch(name))
        {
            string shown = (member.Value as ScalarNode)?.Value is string text ? $"'{text}' is not a valid grid name: " : "must be a string: ";
            Error(path, member.Value.Position, shown + "use 1 to 100 lowercase letters, digits or '-', starting with a letter or digit");
            return;
        }

        if (names.TryGetValue(name, out string? earlier))
        {
            Error(path, member.Value.Position, $"'{name}' is also the name of {earlier}: grid names must be unique");
            return;
        }

        names[name] = _scope;
        _name = name;
    }

    /// <summary>A field the top-level sample draws cannot also be fixed or varied by a grid.</summary>
    private void RefuseSetAndSampled()
    {
        foreach (SampleParamDraft param in _sampleParams)
        {
            string field = param.Field.Name;
            if (_fixed.TryGetValue(field, out FieldOrigin? fixedAt))
            {
                Error(fixedAt.Path, fixedAt.Position, $"'{field}' is both fixed here and sampled ({param.Path}): remove one");
            }
            else if (_axes.FirstOrDefault(a => a.Field.Name == field) is { } axis)
            {
                Error(axis.Path, axis.Positions.FirstOrDefault(), $"'{field}' is both varied here and sampled ({param.Path}): remove one");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex GridNamePattern();
}

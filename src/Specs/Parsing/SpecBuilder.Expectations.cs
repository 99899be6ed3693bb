using System.Text.RegularExpressions;
using Sweep.Engine.Config;

namespace Sweep.Specs.Parsing;

/// <summary>
/// <c>expectations</c>: a list of hypotheses about the results. Each holds a <c>name</c>, an optional <c>grid</c>, and
/// one of: <c>metric</c> with <c>better</c> and <c>than</c> (optional <c>factor</c>, <c>require</c> all|any);
/// <c>flag</c>, <c>diagnosis</c> (a name or a list) or <c>reaches_target: true</c>, with <c>on</c> and optional
/// <c>not_on</c>. Matches map config fields to a value or a list of values.
/// </summary>
internal sealed partial class SpecBuilder
{
    private readonly List<SpecExpectation> _expectations = [];

    private void ReadExpectations(MemberNode? member, IReadOnlyCollection<string> gridNames)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ArrayNode list)
        {
            Error(SpecKeys.Expectations, member.Value.Position, "must be a list of expectations, e.g. [{\"name\": \"...\", \"flag\": \"vanishing-gradients\", \"on\": {\"activation\": \"sigmoid\"}}]");
            return;
        }

        for (int i = 0; i < list.Items.Count; i++)
        {
            string path = $"{SpecKeys.Expectations}[{i}]";
            if (list.Items[i] is not ObjectNode item)
            {
                Error(path, list.Items[i].Position, "must be an object");
                continue;
            }

            if (ReadExpectation(item, path, gridNames) is { } expectation)
            {
                _expectations.Add(expectation);
            }
        }
    }

    private SpecExpectation? ReadExpectation(ObjectNode item, string path, IReadOnlyCollection<string> gridNames)
    {
        var members = new Dictionary<string, MemberNode>(StringComparer.Ordinal);
        foreach (var member in item.Members)
        {
            if (SpecKeys.ExpectationKeys.Contains(member.Key))
            {
                members[member.Key] = member;
            }
            else
            {
                Error($"{path}.{member.Key}", member.KeyPosition, $"unknown key '{member.Key}'" + Suggestions.DidYouMean(member.Key, SpecKeys.ExpectationKeys)
                    + $" (an expectation holds {string.Join(", ", SpecKeys.ExpectationKeys)})");
            }
        }

        int errors = _errors.Count;
        string? name = Text(members, "name", path, item, required: true);
        string? grid = Text(members, "grid", path, item, required: false);
        if (grid is not null && !gridNames.Contains(grid))
        {
            Error($"{path}.grid", members["grid"].Value.Position, gridNames.Count == 0
                ? "the spec has no grids; leave grid out"
                : $"'{grid}' is not a grid of this spec" + Suggestions.DidYouMean(grid, [.. gridNames]));
        }
        else if (grid is null && gridNames.Count > 0)
        {
            Error(path, item.Position, $"a spec with grids must say which grid an expectation is about (\"grid\": one of {string.Join(", ", gridNames)})");
        }

        string[] kinds = [.. new[] { "metric", "flag", "diagnosis", "reaches_target" }.Where(members.ContainsKey)];
        if (kinds.Length != 1)
        {
            Error(path, item.Position, kinds.Length == 0
                ? "says nothing to check: give one of metric (with better and than), flag, diagnosis or reaches_target"
                : $"checks one thing at a time, not {string.Join(" and ", kinds)}");
            return null;
        }

        var kind = kinds[0] switch
        {
            "metric" => ExpectationKind.Better,
            "flag" => ExpectationKind.Flag,
            "diagnosis" => ExpectationKind.Diagnosis,
            _ => ExpectationKind.ReachesTarget,
        };
        string onKey = kind == ExpectationKind.Better ? "better" : "on";
        string notOnKey = kind == ExpectationKind.Better ? "than" : "not_on";
        foreach (string wrong in kind == ExpectationKind.Better ? new[] { "on", "not_on" } : ["better", "than", "factor", "require"])
        {
            if (members.TryGetValue(wrong, out var misplaced))
            {
                Error($"{path}.{wrong}", misplaced.KeyPosition, kind == ExpectationKind.Better
                    ? $"a metric comparison names its sides 'better' and 'than', not '{wrong}'"
                    : $"'{wrong}' belongs to a metric comparison; a {kinds[0]} expectation uses 'on' and 'not_on'");
            }
        }

        var on = Match(members.GetValueOrDefault(onKey), $"{path}.{onKey}", required: kind == ExpectationKind.Better, item.Position);
        var notOn = members.ContainsKey(notOnKey) || kind == ExpectationKind.Better
            ? Match(members.GetValueOrDefault(notOnKey), $"{path}.{notOnKey}", required: true, item.Position)
            : null;
        string? metric = kind == ExpectationKind.Better ? Text(members, "metric", path, item, required: true) : null;
        if (metric is not null && !MetricName().IsMatch(metric))
        {
            Error($"{path}.metric", members["metric"].Value.Position, "must be the snake_case name of a metric, e.g. \"steps_to_target\"");
        }

        string? flag = kind == ExpectationKind.Flag ? Text(members, "flag", path, item, required: true) : null;
        var diagnoses = kind == ExpectationKind.Diagnosis ? Names(members["diagnosis"], $"{path}.diagnosis") : [];
        if (kind == ExpectationKind.ReachesTarget && members["reaches_target"].Value is not ScalarNode { Value: true })
        {
            Error($"{path}.reaches_target", members["reaches_target"].Value.Position, "must be true (name the configurations that should miss it in not_on)");
        }

        double factor = 1;
        if (members.GetValueOrDefault("factor") is { } factorMember)
        {
            factor = factorMember.Value is ScalarNode { Value: long or int or double } number && Convert.ToDouble(number.Value, System.Globalization.CultureInfo.InvariantCulture) is var f && f >= 1
                ? f
                : Fail($"{path}.factor", factorMember.Value.Position, "must be a number of at least 1 (how many times better)", 1.0);
        }

        bool requireAll = true;
        if (members.GetValueOrDefault("require") is { } requireMember)
        {
            requireAll = requireMember.Value is ScalarNode { Value: "all" or "any" } require
                ? (string)require.Value! == "all"
                : Fail($"{path}.require", requireMember.Value.Position, "must be \"all\" (every better configuration beats every other) or \"any\"", true);
        }

        return _errors.Count > errors || name is null || on is null
            ? null
            : new SpecExpectation(name, path, kind, grid, metric, flag, diagnoses, on, notOn, requireAll, factor);
    }

    private T Fail<T>(string path, SourcePosition? position, string message, T fallback)
    {
        Error(path, position, message);
        return fallback;
    }

    private string? Text(Dictionary<string, MemberNode> members, string key, string path, ObjectNode item, bool required)
    {
        if (!members.TryGetValue(key, out var member))
        {
            if (required)
            {
                Error(path, item.Position, $"needs '{key}'");
            }

            return null;
        }

        if (member.Value is ScalarNode { Value: string text } && text.Length > 0)
        {
            return text;
        }

        Error($"{path}.{key}", member.Value.Position, "must be a non-empty string");
        return null;
    }

    private List<string> Names(MemberNode member, string path)
    {
        var items = member.Value is ArrayNode array ? array.Items : [member.Value];
        var names = new List<string>();
        foreach (var node in items)
        {
            if (node is ScalarNode { Value: string text } && text.Length > 0)
            {
                names.Add(text);
            }
            else
            {
                Error(path, node.Position, "must be a name or a list of names, e.g. \"overfitting\"");
            }
        }

        return names;
    }

    private ConfigMatch? Match(MemberNode? member, string path, bool required, SourcePosition? itemPosition)
    {
        if (member is null)
        {
            if (required)
            {
                Error(path, itemPosition, $"needs '{path[(path.LastIndexOf('.') + 1)..]}': an object of config fields and values, e.g. {{\"optimizer\": \"sgd\"}}");
            }

            return ConfigMatch.Everything;
        }

        if (member.Value is not ObjectNode fields)
        {
            Error(path, member.Value.Position, "must be an object of config fields and values, e.g. {\"optimizer\": [\"momentum\", \"nesterov\"]}");
            return null;
        }

        var match = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in fields.Members)
        {
            string fieldPath = $"{path}.{entry.Key}";
            if (ConfigSchema.Find(entry.Key) is not { } field)
            {
                Error(fieldPath, entry.KeyPosition, $"'{entry.Key}' is not a trial setting" + Suggestions.DidYouMean(entry.Key, [.. ConfigSchema.Fields.Select(f => f.Name)]));
                continue;
            }

            var values = new List<string>();
            foreach (var node in entry.Value is ArrayNode array ? array.Items : [entry.Value])
            {
                object? raw = node is ScalarNode scalar ? scalar.Value : null;
                if (node is ScalarNode && field.TryConvert(raw, out object? value, out _) && field.Check(value) is null)
                {
                    values.Add(ConfigField.Format(value));
                }
                else
                {
                    Error(fieldPath, node.Position, $"{FormatRaw(raw)} is not a value of '{entry.Key}'");
                }
            }

            match[entry.Key] = values;
        }

        return new ConfigMatch(match);
    }

    private static string FormatRaw(object? raw) => raw switch
    {
        null => "null",
        string s => $"'{s}'",
        _ => Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex MetricName();
}

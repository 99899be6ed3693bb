using System.Text.RegularExpressions;
using Sweep.Engine.Config;
using Sweep.Specs.Expansion;

namespace Sweep.Specs.Parsing;

internal sealed partial class SpecBuilder
{
    private void ReadExclude(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ArrayNode rules)
        {
            Error(Scoped(SpecKeys.Exclude), member.Value.Position, "must be a list of rules, e.g. [{\"norm\": \"batchnorm\", \"batch_size\": 1}]");
            return;
        }

        for (int i = 0; i < rules.Items.Count; i++)
        {
            ReadExcludeRule(rules.Items[i], SpecPath.Item(Scoped(SpecKeys.Exclude), i));
        }
    }

    private void ReadExcludeRule(SpecNode node, string path)
    {
        if (node is not ObjectNode { Members.Count: > 0 } rule)
        {
            Error(path, node.Position, "a rule must be a non-empty object of axis values, e.g. {\"norm\": \"batchnorm\", \"batch_size\": 1}");
            return;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var conditions = new List<ExcludeCondition>();
        bool valid = true;
        foreach (MemberNode condition in rule.Members)
        {
            string conditionPath = SpecPath.Member(path, condition.Key);
            int axisIndex = _axes.FindIndex(a => a.Field.Name == condition.Key);
            if (axisIndex < 0)
            {
                UnknownRuleKey(condition, conditionPath);
                valid = false;
                continue;
            }

            AxisDraft axis = _axes[axisIndex];
            if (ReadRuleValues(axis, condition.Value, conditionPath) is not { } matched)
            {
                valid = false;
                continue;
            }

            var matches = new bool[axis.Values.Count];
            foreach (object? value in matched)
            {
                matches[axis.IndexOf(value)] = true;
            }

            values[condition.Key] = matched;
            conditions.Add(new ExcludeCondition(axisIndex, matches));
        }

        if (valid)
        {
            _exclude.Add(values);
            _excludeRules.Add(new ExcludeRule(conditions));
        }
    }

    private void UnknownRuleKey(MemberNode condition, string path)
    {
        string message = ConfigSchema.Find(condition.Key) is not null
            ? $"'{condition.Key}' is not an axis: a rule names axis values (on any other setting it would match every trial or none)"
            : $"unknown setting '{condition.Key}'" + Suggestions.DidYouMean(condition.Key, _axes.Select(a => a.Field.Name));
        Error(path, condition.KeyPosition, message);
    }

    /// <summary>The typed values a rule condition matches, each one of the axis's values; null after reporting a problem.</summary>
    private List<object?>? ReadRuleValues(AxisDraft axis, SpecNode node, string path)
    {
        IReadOnlyList<(SpecNode Node, string Path)> items = node is ArrayNode list
            ? [.. list.Items.Select((item, i) => (item, SpecPath.Item(path, i)))]
            : [(node, path)];
        if (items.Count == 0)
        {
            Error(path, node.Position, "must be a value or a non-empty list of values");
            return null;
        }

        var matched = new List<object?>();
        var seen = new HashSet<int>();
        bool valid = true;
        foreach (var (item, itemPath) in items)
        {
            if (!TryConvert(axis.Field, item, itemPath, out object? value))
            {
                valid = false;
            }
            else if (axis.IndexOf(value) < 0)
            {
                Error(itemPath, item.Position, $"{ConfigField.Format(value)} is not among {axis.Path}'s values ({axis.DescribeValues()}), so the rule never matches");
                valid = false;
            }
            else if (seen.Add(axis.IndexOf(value)))
            {
                matched.Add(value);
            }
        }

        return valid ? matched : null;
    }

    private void ReadRanking(MemberNode? member)
    {
        if (member is null)
        {
            return;
        }

        if (member.Value is not ObjectNode ranking)
        {
            Error(SpecKeys.Ranking, member.Value.Position, "must be an object, e.g. {\"target_loss\": 0.1, \"by\": \"steps_to_target\"}");
            return;
        }

        double? targetLoss = null;
        string? by = null;
        foreach (MemberNode setting in ranking.Members)
        {
            string path = SpecPath.Member(SpecKeys.Ranking, setting.Key);
            switch (setting.Key)
            {
                case SpecKeys.RankingTargetLoss:
                    targetLoss = ReadTargetLoss(setting.Value, path);
                    break;
                case SpecKeys.RankingBy when setting.Value is ScalarNode { Value: string metric } && MetricPattern().IsMatch(metric):
                    by = metric;
                    break;
                case SpecKeys.RankingBy:
                    Error(path, setting.Value.Position, "must be the snake_case name of a metric, e.g. \"steps_to_target\"");
                    break;
                default:
                    Error(path, setting.KeyPosition, $"unknown key '{setting.Key}'" + Suggestions.DidYouMean(setting.Key, SpecKeys.RankingKeys)
                        + $" (ranking holds {string.Join(", ", SpecKeys.RankingKeys)})");
                    break;
            }
        }

        _ranking = new RankingSettings(targetLoss, by);
    }

    private double? ReadTargetLoss(SpecNode node, string path)
    {
        if (node is ScalarNode { Value: null })
        {
            return null;
        }

        if (node is ScalarNode scalar && SpecNumbers.TryGetNumber(scalar.Value, out double loss) && double.IsFinite(loss) && loss > 0)
        {
            return loss;
        }

        Error(path, node.Position, "must be a number > 0 (the loss whose first crossing counts as reaching the target)");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex MetricPattern();
}

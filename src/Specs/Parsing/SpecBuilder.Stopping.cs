namespace Sweep.Specs.Parsing;

/// <summary>
/// <c>stopping</c>: <c>{"rule": "asha", "metric": "val_loss", "eta": 4, "min_steps": 50, "mode": "async"}</c>,
/// <c>{"rule": "race", "slack": 1.2}</c> or <c>{"rule": "median", "metric": "val_loss", "grace_steps": 100, "startup_trials": 5}</c>.
/// A key the chosen rule does not read is an error (it would silently do nothing). Race needs a target loss.
/// </summary>
internal sealed partial class SpecBuilder
{
    private StoppingSettings _stopping = StoppingSettings.None;

    /// <summary>The keys each rule reads (rule itself included).</summary>
    private static readonly IReadOnlyDictionary<StopRuleKind, string[]> StoppingKeysOf = new Dictionary<StopRuleKind, string[]>
    {
        [StopRuleKind.None] = ["rule"],
        [StopRuleKind.Race] = ["rule", "slack"],
        [StopRuleKind.Asha] = ["rule", "metric", "eta", "min_steps", "mode"],
        [StopRuleKind.Median] = ["rule", "metric", "grace_steps", "startup_trials"],
    };

    private void ReadStopping(MemberNode? member, SweepSpec spec)
    {
        if (member is null)
        {
            return;
        }

        const string example = "{\"rule\": \"asha\", \"metric\": \"val_loss\", \"eta\": 4}";
        if (member.Value is ScalarNode { Value: string text } && StoppingSettings.ParseRule(text) is { } shortRule)
        {
            _stopping = CheckTarget(new StoppingSettings(shortRule), spec, member.Value.Position);
            return;
        }

        if (member.Value is not ObjectNode section)
        {
            Error(SpecKeys.Stopping, member.Value.Position, $"must be an object, e.g. {example}, or a rule name ({string.Join(", ", StoppingSettings.RuleNames)})");
            return;
        }

        var members = section.Members.ToDictionary(m => m.Key, StringComparer.Ordinal);
        if (!members.TryGetValue("rule", out var ruleMember))
        {
            Error(SpecKeys.Stopping, section.Position, $"needs 'rule': one of {string.Join(", ", StoppingSettings.RuleNames)}");
            return;
        }

        string rulePath = SpecPath.Member(SpecKeys.Stopping, "rule");
        if (ruleMember.Value is not ScalarNode { Value: string ruleText } || StoppingSettings.ParseRule(ruleText) is not { } rule)
        {
            string given = ruleMember.Value is ScalarNode { Value: string s } ? $"'{s}' is not a rule" + Suggestions.DidYouMean(s, StoppingSettings.RuleNames) + "; " : "";
            Error(rulePath, ruleMember.Value.Position, $"{given}must be one of {string.Join(", ", StoppingSettings.RuleNames)}");
            return;
        }

        int errors = _errors.Count;
        var settings = new StoppingSettings(rule);
        string[] allowed = StoppingKeysOf[rule];
        foreach (MemberNode setting in section.Members)
        {
            string path = SpecPath.Member(SpecKeys.Stopping, setting.Key);
            if (!SpecKeys.StoppingKeys.Contains(setting.Key))
            {
                Error(path, setting.KeyPosition, $"unknown key '{setting.Key}'" + Suggestions.DidYouMean(setting.Key, SpecKeys.StoppingKeys)
                    + $" (stopping holds {string.Join(", ", SpecKeys.StoppingKeys)})");
                continue;
            }

            if (!allowed.Contains(setting.Key))
            {
                Error(path, setting.KeyPosition, $"'{setting.Key}' is not read by rule {StoppingSettings.NameOf(rule)} (it reads {string.Join(", ", allowed)})");
                continue;
            }

            settings = setting.Key switch
            {
                "metric" => ReadChoice(setting, path, StoppingSettings.Metrics) is { } metric ? settings with { Metric = metric } : settings,
                "eta" => ReadWhole(setting, path, 2, 100, "the reduction factor: the top 1/eta of each rung continue") is { } eta ? settings with { Eta = (int)eta } : settings,
                "min_steps" => ReadWhole(setting, path, 1, long.MaxValue, "the first rung, in steps") is { } minSteps ? settings with { MinSteps = minSteps } : settings,
                "mode" => ReadMode(setting, path) is { } mode ? settings with { Mode = mode } : settings,
                "slack" => ReadSlack(setting, path) is { } slack ? settings with { Slack = slack } : settings,
                "grace_steps" => ReadWhole(setting, path, 0, long.MaxValue, "no trial is stopped before this step") is { } grace ? settings with { GraceSteps = grace } : settings,
                "startup_trials" => ReadWhole(setting, path, 0, 1_000_000, "trials that must finish before any is stopped") is { } startup ? settings with { StartupTrials = (int)startup } : settings,
                _ => settings,
            };
        }

        if (_errors.Count == errors)
        {
            var position = members.TryGetValue("mode", out var modeMember) ? modeMember.Value.Position : ruleMember.Value.Position;
            _stopping = CheckSyncBudget(CheckTarget(settings, spec, ruleMember.Value.Position), spec, position);
        }
    }

    /// <summary>Race ranks on steps to target: without a target it has nothing to cap.</summary>
    private StoppingSettings CheckTarget(StoppingSettings settings, SweepSpec spec, SourcePosition? position)
    {
        if (settings.Rule == StopRuleKind.Race && spec.RaceTarget is null)
        {
            Error(SpecPath.Member(SpecKeys.Stopping, "rule"), position, SweepSpec.RaceNeedsTarget);
            return StoppingSettings.None;
        }

        return settings;
    }

    private string? ReadChoice(MemberNode setting, string path, IReadOnlyList<string> choices)
    {
        if (setting.Value is ScalarNode { Value: string text } && choices.Contains(text))
        {
            return text;
        }

        string hint = setting.Value is ScalarNode { Value: string s } ? $"'{s}' is not allowed" + Suggestions.DidYouMean(s, choices) + "; " : "";
        Error(path, setting.Value.Position, $"{hint}must be one of {string.Join(", ", choices)}");
        return null;
    }

    /// <summary>async (decide as each trial reaches a rung) or sync (decide once every trial reached it; reproducible).</summary>
    private RungMode? ReadMode(MemberNode setting, string path) => ReadChoice(setting, path, ["async", "sync"]) switch
    {
        "async" => RungMode.Async,
        "sync" => RungMode.Sync,
        _ => null,
    };

    /// <summary>Synchronous rungs are fixed before the first trial runs: every trial needs its budget in steps.</summary>
    private StoppingSettings CheckSyncBudget(StoppingSettings settings, SweepSpec spec, SourcePosition? position)
    {
        if (settings is { Rule: StopRuleKind.Asha, Mode: RungMode.Sync } && spec.EnumerateTrials().Any(c => c.Epochs > 0 || c.Steps <= 0))
        {
            Error(SpecPath.Member(SpecKeys.Stopping, "mode"), position, SweepSpec.SyncNeedsSteps);
            return StoppingSettings.None;
        }

        return settings;
    }

    private long? ReadWhole(MemberNode setting, string path, long min, long max, string meaning)
    {
        if (setting.Value is ScalarNode scalar && SpecNumbers.TryGetInteger(scalar.Value, out long value) && value >= min && value <= max)
        {
            return value;
        }

        string range = max == long.MaxValue ? $">= {min}" : $"{min}..{max}";
        Error(path, setting.Value.Position, $"must be a whole number {range} ({meaning})");
        return null;
    }

    private double? ReadSlack(MemberNode setting, string path)
    {
        if (setting.Value is ScalarNode scalar && SpecNumbers.TryGetNumber(scalar.Value, out double slack) && double.IsFinite(slack) && slack >= 1 && slack <= 100)
        {
            return slack;
        }

        Error(path, setting.Value.Position, "must be a number 1..100 (the cap is the best configuration's slowest seed's steps to target times slack)");
        return null;
    }
}

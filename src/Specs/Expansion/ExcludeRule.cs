namespace Sweep.Specs.Expansion;

/// <summary>
/// One <c>exclude</c> rule compiled against the axes: for each axis it names, which of that axis's
/// value indexes it matches. A combination is excluded when every condition matches its digit.
/// Matching reads only indexes, so checking a trial allocates nothing.
/// </summary>
internal sealed class ExcludeRule(IReadOnlyList<ExcludeCondition> conditions)
{
    public IReadOnlyList<ExcludeCondition> Conditions { get; } = conditions;

    /// <summary><paramref name="digits"/>[axis] is the index of the value each axis takes.</summary>
    public bool Matches(ReadOnlySpan<int> digits)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.MatchesValue[digits[condition.Axis]])
            {
                return false;
            }
        }

        return true;
    }

    public static bool AnyMatches(IReadOnlyList<ExcludeRule> rules, ReadOnlySpan<int> digits)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(digits))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Axis <see cref="Axis"/> matches when its value index i has <see cref="MatchesValue"/>[i].</summary>
internal sealed record ExcludeCondition(int Axis, bool[] MatchesValue);

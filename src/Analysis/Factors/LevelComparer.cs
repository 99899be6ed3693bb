using Sweep.Engine.Config;

namespace Sweep.Analysis;

/// <summary>Orders factor levels naturally: null first, numbers by value, false before true, text ordinal.</summary>
public sealed class LevelComparer : IComparer<object?>
{
    public static readonly LevelComparer Instance = new();

    public int Compare(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return (x is null ? 0 : 1) - (y is null ? 0 : 1);
        }

        if (AsNumber(x) is { } a && AsNumber(y) is { } b)
        {
            return a.CompareTo(b);
        }

        if (x is bool p && y is bool q)
        {
            return p.CompareTo(q);
        }

        return string.CompareOrdinal(ConfigField.Format(x), ConfigField.Format(y));
    }

    private static double? AsNumber(object value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        _ => null,
    };
}

namespace Sweep.Specs.Parsing;

/// <summary>Numbers as JSON (long, double) and PowerShell (int, long, double, decimal, ...) deliver them.</summary>
internal static class SpecNumbers
{
    public static bool TryGetInteger(object? raw, out long value)
    {
        switch (raw)
        {
            case int i: value = i; return true;
            case long l: value = l; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue: value = (long)m; return true;
            case double d when d == Math.Floor(d) && Math.Abs(d) < 9e15: value = (long)d; return true;
            default: value = 0; return false;
        }
    }

    public static bool TryGetNumber(object? raw, out double value)
    {
        switch (raw)
        {
            case double d: value = d; return true;
            case float f: value = f; return true;
            case decimal m: value = (double)m; return true;
            case not null when TryGetInteger(raw, out long l): value = l; return true;
            default: value = 0; return false;
        }
    }
}

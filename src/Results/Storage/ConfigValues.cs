using Sweep.Engine.Config;

namespace Sweep.Results.Storage;

/// <summary>Stored or converted values as exactly the CLR type a <see cref="ConfigField"/> takes (int for Int, long for Long, ...).</summary>
internal static class ConfigValues
{
    /// <summary>
    /// False when <paramref name="raw"/> cannot be the field's value. Integral values widen or narrow
    /// (in range) between int32 and int64 so files written with either width read back.
    /// </summary>
    public static bool TryCoerce(ConfigField field, object? raw, out object? value)
    {
        value = null;
        switch (field.Kind)
        {
            case FieldKind.String when raw is string text:
                value = text;
                return true;
            case FieldKind.Bool when raw is bool flag:
                value = flag;
                return true;
            case FieldKind.Int when raw is int or long:
                long integral = Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture);
                if (integral is < int.MinValue or > int.MaxValue)
                {
                    return false;
                }

                value = (int)integral;
                return true;
            case FieldKind.Long when raw is int or long:
                value = Convert.ToInt64(raw, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            case FieldKind.Double when raw is double or float or int or long:
                value = Convert.ToDouble(raw, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            default:
                return raw is null && field.IsNullable;
        }
    }
}

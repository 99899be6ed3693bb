using System.Globalization;

namespace Sweep.Specs.Parsing;

/// <summary>Builds the JSON paths errors are reported at: <c>axes.optimizer[2]</c>.</summary>
internal static class SpecPath
{
    public static string Member(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string Item(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
}

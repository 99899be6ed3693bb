using System.Collections;
using System.Globalization;

namespace Sweep.Specs.Parsing;

/// <summary>
/// Reads a PowerShell hashtable or .psd1 structure (nested <see cref="IDictionary"/>, arrays and
/// lists, .NET scalars) into a <see cref="SpecNode"/> tree. Keys are matched case-insensitively,
/// as PowerShell users expect: they are lowered here. PSObject wrappers are unwrapped by their
/// BaseObject so that this project needs no reference to PowerShell.
/// </summary>
internal static class DictionarySpecReader
{
    private const string PSObjectTypeName = "System.Management.Automation.PSObject";

    public static SpecNode Read(object? value, string path, SpecErrorList errors)
    {
        value = Unwrap(value);
        switch (value)
        {
            case IDictionary dictionary:
                return ReadDictionary(dictionary, path, errors);
            case string or null:
                return new ScalarNode(value, null);
            case IEnumerable list:
                var items = new List<SpecNode>();
                foreach (object? item in list)
                {
                    items.Add(Read(item, SpecPath.Item(path, items.Count), errors));
                }

                return new ArrayNode(items, null);
            default:
                return new ScalarNode(value, null);
        }
    }

    private static ObjectNode ReadDictionary(IDictionary dictionary, string path, SpecErrorList errors)
    {
        var members = new List<MemberNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in dictionary)
        {
            string key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture)?.ToLowerInvariant() ?? "";
            string memberPath = SpecPath.Member(path, key);
            if (!seen.Add(key))
            {
                errors.Add(new SpecError(memberPath, $"duplicate key '{key}' (keys are case-insensitive)", null, null));
                continue;
            }

            members.Add(new MemberNode(key, null, Read(entry.Value, memberPath, errors)));
        }

        // A plain Hashtable enumerates in hash order: sort so that errors come out in a stable order.
        // Ordered dictionaries keep the order the user wrote.
        if (dictionary is Hashtable)
        {
            members.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        return new ObjectNode(members, null);
    }

    private static object? Unwrap(object? value)
    {
        while (value is not null && value.GetType().FullName == PSObjectTypeName)
        {
            value = value.GetType().GetProperty("BaseObject")?.GetValue(value);
        }

        return value;
    }
}

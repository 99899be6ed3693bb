using System.Collections;
using System.Management.Automation;
using Sweep.Engine.Config;
using Sweep.Results;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepTrial's config filters: each setting filter takes several values (a trial matches when its
/// setting equals any of them), and every filter must hold. Values are converted and checked against
/// <see cref="ConfigSchema"/>, so a bad key or value is reported before any folder is read.
/// </summary>
internal sealed class TrialSelection
{
    private readonly IReadOnlyList<(ConfigField Field, HashSet<string> Values)> _conditions;

    private TrialSelection(IReadOnlyList<(ConfigField, HashSet<string>)> conditions) => _conditions = conditions;

    /// <summary>
    /// The selection for named filters (parameter name -> field, values) and the -Where hashtable.
    /// Throws <see cref="ArgumentException"/> naming the parameter and key of every bad filter.
    /// </summary>
    public static TrialSelection Build(IEnumerable<(string Parameter, string Field, IEnumerable Values)> named, IDictionary? where)
    {
        var requested = new List<(string Source, string Field, object? Raw)>();
        foreach (var (parameter, field, values) in named)
        {
            requested.AddRange(values.Cast<object?>().Select(v => ($"-{parameter}", field, v)));
        }

        foreach (DictionaryEntry entry in where ?? new Hashtable())
        {
            var key = entry.Key.ToString() ?? "";
            foreach (var raw in Flatten(entry.Value))
            {
                requested.Add(($"-Where key '{key}'", key, raw));
            }
        }

        var problems = new List<string>();
        var conditions = new Dictionary<string, (ConfigField Field, HashSet<string> Values)>(StringComparer.Ordinal);
        foreach (var (source, name, raw) in requested)
        {
            var field = ConfigSchema.Find(name) ?? ConfigSchema.Fields.FirstOrDefault(f => string.Equals(Views.TrialFields.PropertyOf(f.Name), name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                problems.Add($"{source}: not a trial setting (known: {string.Join(", ", ConfigSchema.Names)})");
                continue;
            }

            if (!field.TryConvert(raw, out var value, out var error) || (error = field.Check(value)) is not null)
            {
                problems.Add($"{source}: {error}");
                continue;
            }

            if (!conditions.TryGetValue(field.Name, out var condition))
            {
                condition = (field, new HashSet<string>(StringComparer.Ordinal));
                conditions[field.Name] = condition;
            }

            condition.Values.Add(ConfigField.Format(value));
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        return new TrialSelection([.. conditions.Values]);
    }

    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>True when every condition holds for the row's config.</summary>
    public bool Accepts(TrialRow row) =>
        _conditions.All(c => c.Values.Contains(ConfigField.Format(c.Field.Get(row.Config))));

    private static IEnumerable<object?> Flatten(object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (value is IEnumerable list and not string)
        {
            foreach (var item in list)
            {
                yield return item is PSObject inner ? inner.BaseObject : item;
            }
        }
        else
        {
            yield return value;
        }
    }
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results.Storage;

/// <summary>A <see cref="TrialFilter"/> checked against the config schema, with its values converted to the fields' types.</summary>
internal sealed class CompiledTrialFilter
{
    private readonly IReadOnlySet<TrialId>? _trialIds;
    private readonly IReadOnlySet<TrialStatus>? _statuses;

    private CompiledTrialFilter(IReadOnlySet<TrialId>? trialIds, IReadOnlySet<TrialStatus>? statuses, IReadOnlyList<(ConfigField Field, object? Value)> where)
    {
        _trialIds = trialIds;
        _statuses = statuses;
        Where = where;
    }

    public static CompiledTrialFilter All { get; } = new(null, null, []);

    public IReadOnlyList<(ConfigField Field, object? Value)> Where { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming every unknown field and unusable value.</summary>
    public static CompiledTrialFilter Compile(TrialFilter? filter)
    {
        if (filter is null)
        {
            return All;
        }

        var where = new List<(ConfigField, object?)>();
        var problems = new List<string>();
        foreach (var (name, raw) in filter.Where ?? new Dictionary<string, object?>())
        {
            var field = ConfigSchema.Find(name);
            if (field is null)
            {
                problems.Add($"'{name}' is not a config field (known: {string.Join(", ", ConfigSchema.Names)})");
            }
            else if (!field.TryConvert(raw, out object? value, out string? error) || (error = field.Check(value)) is not null)
            {
                problems.Add($"{name}: {error}");
            }
            else
            {
                where.Add((field, value));
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Trial filter: {string.Join("; ", problems)}", nameof(filter));
        }

        return new CompiledTrialFilter(filter.TrialIds, filter.Statuses, where);
    }

    public bool Accepts(TrialId trialId, TrialStatus status) =>
        (_trialIds is null || _trialIds.Contains(trialId)) && (_statuses is null || _statuses.Contains(status));
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Sweep.Analysis;

/// <summary>
/// Statistics of every metric of <see cref="MetricCatalog.All"/>, each computed on first use
/// (thread-safe): a bootstrap per metric per configuration adds up on large sweeps, and most
/// rankings read only a few metrics.
/// </summary>
internal sealed class LazyMetricTable : IReadOnlyDictionary<string, MetricStats>
{
    private readonly Dictionary<string, Lazy<MetricStats>> _stats;

    public LazyMetricTable(Func<MetricDefinition, MetricStats> describe) =>
        _stats = MetricCatalog.All.ToDictionary(
            m => m.Name,
            m => new Lazy<MetricStats>(() => describe(m), LazyThreadSafetyMode.ExecutionAndPublication),
            StringComparer.Ordinal);

    public MetricStats this[string key] => _stats[key].Value;

    public IEnumerable<string> Keys => _stats.Keys;

    public IEnumerable<MetricStats> Values => _stats.Values.Select(v => v.Value);

    public int Count => _stats.Count;

    public bool ContainsKey(string key) => _stats.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out MetricStats value)
    {
        bool found = _stats.TryGetValue(key, out var lazy);
        value = found ? lazy!.Value : null;
        return found;
    }

    public IEnumerator<KeyValuePair<string, MetricStats>> GetEnumerator() =>
        _stats.Select(p => new KeyValuePair<string, MetricStats>(p.Key, p.Value.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

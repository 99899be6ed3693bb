using System.Globalization;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// Synchronous successive halving (Jamieson and Talwalkar 2016; Hyperband's inner loop), seed-aware, as decisions only:
/// which trials continue past each rung. Every trial of the sweep is registered first; a rung is decided once every
/// trial still in the race has reported its curve up to that rung or ended before it, so the decision is a function
/// of the set of curves, never of the order they arrived in (bit for bit: values are summed per configuration in trial
/// id order, configurations sorted by value then by configuration id).
/// <para>
/// At rung k, a trial's value is the best value of the metric over its points up to its first point at or after the
/// rung (as <see cref="AshaRule"/>: one noisy point at the rung cannot stop it), NaN when none was finite. A
/// configuration's value is the mean over its seeds that reached the rung; one whose every seed is NaN, or that has no
/// seed there, ranks last. The best max(1, ⌊n/eta⌋) of the n configurations at the rung are promoted (all their seeds
/// still in the race continue); the others' trials are pruned at the rung.
/// </para>
/// Not thread-safe: the coordinator owns it.
/// </summary>
internal sealed class SyncHalving
{
    private readonly StopMetric _metric;
    private readonly int _eta;
    private readonly Dictionary<TrialId, TrialId> _configurationOf = [];
    private readonly SortedSet<TrialId> _inRace = new(Comparer<TrialId>.Create(CompareIds));
    private readonly SortedDictionary<TrialId, double> _reported = new(Comparer<TrialId>.Create(CompareIds));

    public SyncHalving(StopMetric metric, int eta, IReadOnlyList<long> rungs)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(rungs);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        _metric = metric;
        _eta = eta;
        Rungs = rungs;
    }

    /// <summary>The rungs in steps, ascending.</summary>
    public IReadOnlyList<long> Rungs { get; }

    /// <summary>The rung being run now (index into <see cref="Rungs"/>); equal to the rung count once every rung is decided.</summary>
    public int Current { get; private set; }

    /// <summary>The step the trials still in the race run to now: the current rung, or null past the last one (run the whole budget).</summary>
    public long? StopAt => Current < Rungs.Count ? Rungs[Current] : null;

    /// <summary>Trials still in the race (promoted at every rung so far and not ended), in id order.</summary>
    public IReadOnlyCollection<TrialId> InRace => _inRace;

    /// <summary>Adds a trial before the first rung is decided.</summary>
    /// <exception cref="InvalidOperationException">A rung was already decided: the set of trials is fixed.</exception>
    public void Register(TrialId trial, TrialId configuration)
    {
        if (Current > 0)
        {
            throw new InvalidOperationException($"trial {trial} registered after rung 1 was decided: synchronous halving needs every trial before it");
        }

        _configurationOf[trial] = configuration;
        _inRace.Add(trial);
    }

    /// <summary>
    /// A trial in the race ran to the current rung: <paramref name="curve"/> is its points so far. The rung's decision
    /// when this completes it, else null. A trial not in the race, or reported twice, is ignored (the first report stands:
    /// the engine is deterministic, a re-run reports the same curve).
    /// </summary>
    public RungDecision? Reached(TrialId trial, IReadOnlyList<EvalPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (Current >= Rungs.Count || !_inRace.Contains(trial) || _reported.ContainsKey(trial))
        {
            return null;
        }

        _reported[trial] = ValueAt(curve, Rungs[Current]);
        return TryDecide();
    }

    /// <summary>A trial in the race ended before the rung (diverged, failed, or its budget ends first): it leaves the race.</summary>
    public RungDecision? Ended(TrialId trial)
    {
        if (!_inRace.Remove(trial))
        {
            return null;
        }

        _reported.Remove(trial);
        return Current < Rungs.Count ? TryDecide() : null;
    }

    private RungDecision? TryDecide()
    {
        if (_inRace.Count == 0 || _reported.Count < _inRace.Count)
        {
            return null;
        }

        int k = Current;
        long rungStep = Rungs[k];
        // Per configuration, in configuration id order: the sum and count of its seeds' finite values (trial id order).
        var configurations = new SortedDictionary<TrialId, (double Sum, int Finite, List<TrialId> Trials)>(Comparer<TrialId>.Create(CompareIds));
        foreach (var (trial, value) in _reported)
        {
            var configuration = _configurationOf[trial];
            var entry = configurations.TryGetValue(configuration, out var found) ? found : (Sum: 0.0, Finite: 0, Trials: new List<TrialId>());
            entry.Trials.Add(trial);
            configurations[configuration] = double.IsNaN(value) ? entry : (entry.Sum + value, entry.Finite + 1, entry.Trials);
        }

        var ranked = configurations
            .Select(c => (Configuration: c.Key, Value: c.Value.Finite == 0 ? double.NaN : c.Value.Sum / c.Value.Finite, c.Value.Trials))
            .ToList();
        ranked.Sort((a, b) => CompareValues(a.Value, b.Value) is var byValue && byValue != 0 ? byValue : CompareIds(a.Configuration, b.Configuration));
        int keep = Math.Max(1, ranked.Count / _eta);
        var promoted = ranked.Take(keep).SelectMany(c => c.Trials).ToList();
        double cut = ranked[keep - 1].Value;
        var pruned = new List<(TrialId Trial, StopDecision Decision)>();
        foreach (var (configuration, value, trials) in ranked.Skip(keep))
        {
            string reason = string.Create(CultureInfo.InvariantCulture,
                $"rung {k + 1} at step {rungStep} (sync): {_metric.Name} {value:0.#####} (mean of {trials.Count} seed(s)) not in the top {keep} of {ranked.Count} configurations (cut {cut:0.#####})");
            foreach (var trial in trials)
            {
                pruned.Add((trial, new StopDecision(rungStep, "asha", reason)));
                _inRace.Remove(trial);
            }
        }

        _reported.Clear();
        Current++;
        return new RungDecision(k, rungStep, promoted, pruned);
    }

    /// <summary>Better first; NaN last.</summary>
    private int CompareValues(double a, double b) =>
        double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : _metric.Worse(a, b) ? 1 : _metric.Worse(b, a) ? -1 : 0;

    private static int CompareIds(TrialId a, TrialId b) => string.CompareOrdinal(a.ToString(), b.ToString());

    /// <summary>The best finite value up to and including the first point at or after <paramref name="rung"/>; NaN when none.</summary>
    private double ValueAt(IReadOnlyList<EvalPoint> curve, long rung)
    {
        double best = double.NaN;
        foreach (var point in curve.OrderBy(p => p.Step))
        {
            best = _metric.Best(best, _metric.Read(point));
            if (point.Step >= rung)
            {
                break;
            }
        }

        return best;
    }
}

/// <summary>
/// A synchronous rung's decision: <see cref="Promoted"/> trials continue to the next rung (id order);
/// <see cref="Pruned"/> ones are committed pruned at <see cref="Step"/> with their decision.
/// </summary>
internal sealed record RungDecision(int Rung, long Step, IReadOnlyList<TrialId> Promoted, IReadOnlyList<(TrialId Trial, StopDecision Decision)> Pruned);

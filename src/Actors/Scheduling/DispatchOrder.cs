using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>
/// The order trials are handed to workers. Without a stopping rule: the spec's own order (configuration-major, a
/// configuration's seeds together). With one: seed-major, every configuration's first seed, then every configuration's
/// second seed, and so on, and within a seed the configurations in the order of their configuration id.
/// <para>
/// Seed-major: racing treats seeds as instances (irace); after the first pass every configuration has one seed
/// recorded at every rung and the fastest configurations have reached the target, so ASHA's rungs and the race's cap
/// exist early instead of after the last configuration of the grid.
/// </para>
/// <para>
/// Configuration-id order: the id is a hash of the configuration, so this is a pseudo-random order that is the same
/// for every seed and every run of the spec. Asynchronous successive halving and the median rule assume configurations
/// arrive in random order (ASHA samples them at random); a grid's own order is usually sorted by value (learning rates
/// ascending, optimizers listed from plain to adaptive), and then each arrival tends to beat the ones before it, passes
/// every cut, and runs its whole budget. On the Fashion-MNIST optimizer x learning-rate grid of `Bench -Suite adaptive`,
/// replayed, asynchronous ASHA saved 2.5x in the grid's order and (see the bench) more in this one.
/// </para>
/// Deterministic: it depends on the spec only.
/// </summary>
internal static class DispatchOrder
{
    /// <summary>
    /// The spec's trials in dispatch order, lazily. Seed-major walks the expansion once per seed and holds that seed's
    /// trials (one per configuration) to sort them; a grid union keeps its first-grid-owns rule because each walk is
    /// the spec's own expansion.
    /// </summary>
    public static IEnumerable<TrialConfig> For(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Stopping.IsActive)
        {
            return spec.EnumerateTrials();
        }

        return spec.Seeds.Distinct().SelectMany(seed => spec.EnumerateTrials()
            .Where(config => config.Seed == seed)
            .OrderBy(config => TrialId.Of(config with { Seed = 0 }).ToString(), StringComparer.Ordinal));
    }
}

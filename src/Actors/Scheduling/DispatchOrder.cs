using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling;

/// <summary>
/// The order trials are handed to workers. Without a stopping rule: the spec's own order (configuration-major, a
/// configuration's seeds together). With one: seed-major, every configuration's first seed, then every configuration's
/// second seed, and so on. Racing treats seeds as instances (irace): after the first pass every configuration has
/// one seed recorded at every rung and the fastest configurations have reached the target, so ASHA's rungs and the
/// race's cap exist early instead of after the last configuration of the grid (often the best: grids list their best
/// values last as often as first). Deterministic: it depends on the spec only.
/// </summary>
internal static class DispatchOrder
{
    /// <summary>
    /// The spec's trials in dispatch order, lazily and in constant memory (seed-major walks the expansion once per
    /// seed, keeping that seed's trials; a grid union keeps its first-grid-owns rule because each walk is the spec's
    /// own expansion).
    /// </summary>
    public static IEnumerable<TrialConfig> For(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Stopping.IsActive || spec.Seeds.Count < 2)
        {
            return spec.EnumerateTrials();
        }

        return spec.Seeds.Distinct().SelectMany(seed => spec.EnumerateTrials().Where(config => config.Seed == seed));
    }
}

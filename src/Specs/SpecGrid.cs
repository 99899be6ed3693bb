namespace Sweep.Specs;

/// <summary>
/// One entry of a spec's <c>grids</c>: its name and the grid as a spec of its own (named
/// <see cref="Name"/>, with the top-level settings it inherits folded into its base, and the
/// sweep's seeds, sample and ranking). <see cref="Spec"/> lists every trial of the grid, including
/// those an earlier grid already produced and the sweep therefore runs only once.
/// </summary>
public sealed record SpecGrid(string Name, SweepSpec Spec);

using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>One row of <c>layers</c>: one layer's statistics at one evaluation point of one trial.</summary>
public readonly record struct LayerRow(TrialId TrialId, LayerPoint Point);

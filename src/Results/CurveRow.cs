using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>One row of <c>curves</c>: an evaluation point of one trial.</summary>
public readonly record struct CurveRow(TrialId TrialId, EvalPoint Point);

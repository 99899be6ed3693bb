using Sweep.Engine.Training;

namespace Sweep.Results;

/// <summary>One row of <c>curves</c>: an evaluation point of one trial.</summary>
public readonly record struct CurveRow(string TrialId, EvalPoint Point);

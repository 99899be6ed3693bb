using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>What the data says of an expectation.</summary>
public enum VerdictOutcome
{
    /// <summary>Every comparison it needs is clear in the intervals and goes its way.</summary>
    Confirmed,
    /// <summary>Some comparison is clear in the intervals and goes against it.</summary>
    Refuted,
    /// <summary>The intervals do not decide (too few seeds, too close), or nothing it names was run.</summary>
    Inconclusive,
}

/// <summary>
/// One expectation of the spec checked against the data: the outcome, a sentence built from the grid's real settings
/// and numbers, and the per-configuration figures it rests on.
/// </summary>
public sealed record Verdict(SpecExpectation Expectation, VerdictOutcome Outcome, string Statement, IReadOnlyList<string> Evidence)
{
    public string Name => Expectation.Name;

    public string? Grid => Expectation.Grid;
}

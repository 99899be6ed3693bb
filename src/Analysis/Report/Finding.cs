namespace Sweep.Analysis;

/// <summary>
/// A claim checked against the data: what was claimed, whether the data supports it, a sentence
/// saying what the data shows, and the figures it rests on.
/// </summary>
public sealed record Finding(string Title, string Claim, bool Holds, string Statement, IReadOnlyList<string> Evidence);

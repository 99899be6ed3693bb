using Sweep.Analysis;

namespace Sweep.PsModule.Views;

/// <summary>One expectation of a spec checked against a run folder (type name Sweep.Verdict).</summary>
public sealed class VerdictView
{
    public const string TypeName = "Sweep.Verdict";

    public required string Path { get; init; }
    public required string Name { get; init; }
    public required string? Grid { get; init; }
    /// <summary>Confirmed, Refuted or Inconclusive.</summary>
    public required string Outcome { get; init; }
    /// <summary>What the data shows, with the grid's settings and numbers.</summary>
    public required string Statement { get; init; }
    /// <summary>One line per configuration the expectation compares.</summary>
    public required string[] Evidence { get; init; }

    public override string ToString() => $"{Name}: {Outcome}";

    internal static VerdictView From(Verdict verdict, string path) => new()
    {
        Path = path,
        Name = verdict.Name,
        Grid = verdict.Grid,
        Outcome = verdict.Outcome.ToString(),
        Statement = verdict.Statement,
        Evidence = [.. verdict.Evidence],
    };
}

using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>What <see cref="HtmlReport"/> shows besides its standard sections.</summary>
public sealed record ReportOptions
{
    /// <summary>Heading of the page; null = "Sweep report: &lt;sweep name&gt;".</summary>
    public string? Title { get; init; }

    /// <summary>Ranking used for the table and for picking the best and worst configurations.</summary>
    public RankingOptions Ranking { get; init; } = new();

    /// <summary>Rows of the ranking table (the rest are counted, not shown).</summary>
    public int MaxRankingRows { get; init; } = 60;

    /// <summary>Trial whose per-layer gradient norms are drawn; null = the trial with the smallest vanishing ratio that has layer data.</summary>
    public TrialId? LayerTrialId { get; init; }

    /// <summary>Axes of the heatmap; null = the pair with the strongest interaction on speed.</summary>
    public (string FactorA, string FactorB)? HeatmapFactors { get; init; }

    /// <summary>Verdicts stated in words next to their evidence; null = the spec's own expectations (<see cref="SweepAnalysis.Verdicts"/>).</summary>
    public IReadOnlyList<Verdict>? Verdicts { get; init; }
}

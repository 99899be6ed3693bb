namespace Sweep.Specs;

/// <summary>
/// How the analysis ranks the sweep: <see cref="TargetLoss"/> is the loss that "steps to target"
/// counts to (null: derived from the sweep), <see cref="By"/> the metric to rank by (null: the default order).
/// </summary>
public sealed record RankingSettings(double? TargetLoss, string? By)
{
    public static readonly RankingSettings Default = new(null, null);
}

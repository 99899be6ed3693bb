using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.PsModule.Views;

/// <summary>
/// The full result of one trial run in this process by Invoke-SweepTrial (type name Sweep.TrialRun).
/// When the trial came from a run folder, <see cref="Reproduced"/> says whether this run gave the
/// recorded summary bit for bit (wall times aside).
/// </summary>
public sealed class TrialRunView
{
    public const string TypeName = "Sweep.TrialRun";

    public required string TrialId { get; init; }
    public required TrialStatus Status { get; init; }
    public required TrialConfig Config { get; init; }
    public required TrialSummary Summary { get; init; }
    public required IReadOnlyList<EvalPoint> Curve { get; init; }
    public required IReadOnlyList<LayerPoint> Layers { get; init; }
    public required double WallSeconds { get; init; }
    /// <summary>The summary stored in the run folder; null for a config given directly.</summary>
    public required TrialSummary? RecordedSummary { get; init; }
    /// <summary>True when <see cref="Summary"/> equals <see cref="RecordedSummary"/>; null without a recorded summary.</summary>
    public bool? Reproduced => RecordedSummary is null ? null : RecordedSummary == Summary;

    public long StepsRun => Summary.StepsRun;
    public double FinalTrainLoss => Summary.FinalTrainLoss;
    public double? FinalValAccuracy => Summary.FinalValAccuracy;
}

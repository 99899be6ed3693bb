using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// The numbers one trial contributes to the ranking. Speed metrics of a trial that never reached
/// the target are its full budget (as DeepOBS counts them) with <see cref="ReachedTarget"/> false;
/// metrics that do not exist for a trial (validation loss without a split, stability of a
/// diverged run) are NaN and are left out of the statistics. A pruned trial that had not reached
/// the target is censored where it stopped: its speed metrics are its <c>steps_run</c> (and the
/// examples and seconds up to then), a lower bound, since the true value lies beyond that step.
/// </summary>
public sealed record TrialMetrics
{
    public required TrialId TrialId { get; init; }
    public required TrialConfig Config { get; init; }
    public required TrialStatus Status { get; init; }
    /// <summary>The engine's summary, whose every numeric field is also a rankable metric (<see cref="MetricCatalog"/>).</summary>
    public required TrialSummary Summary { get; init; }

    /// <summary>Train loss counted as reached.</summary>
    public required double TargetLoss { get; init; }
    public required bool ReachedTarget { get; init; }
    /// <summary>Optimizer steps the trial was given: the step budget, or the epochs budget in steps.</summary>
    public required double BudgetSteps { get; init; }
    /// <summary>
    /// Where a miss is censored: the step a pruned trial stopped at (its steps_run), else the budget. A speed metric of a
    /// trial that did not reach the target is this value, and its true value is only known to be larger.
    /// </summary>
    public required double CensoredAtSteps { get; init; }
    /// <summary>Stopped early by the sweep's stopping rule (status pruned).</summary>
    public bool Pruned => Status == TrialStatus.Pruned;
    /// <summary>The rule that pruned it and why ("asha: rung 0 ..."); null unless pruned.</summary>
    public string? StopDescription { get; init; }
    /// <summary>
    /// Reached and held: the step of the first evaluation point from which the train loss stays at or below the target
    /// to the end of the run; <see cref="CensoredAtSteps"/> when never (censored: the true value is beyond it).
    /// </summary>
    public required double StepsToTarget { get; init; }
    /// <summary>Step of the first evaluation point at or below the target, even if the run went back above it; the budget when never.</summary>
    public required double FirstStepToTarget { get; init; }
    public required double ExamplesToTarget { get; init; }
    public required double SecondsToTarget { get; init; }
    /// <summary>The engine's converged_at_step; the budget when it never converged.</summary>
    public required double ConvergedAtStep { get; init; }
    /// <summary>Area under log(train loss) over the fraction of the budget; lower is faster.</summary>
    public required double AucLogLoss { get; init; }

    /// <summary>
    /// Standard deviation of the natural log of the global gradient norm over the evaluation points
    /// after warm-up: the stability metric (lower is steadier). Unlike a coefficient of variation of the
    /// log, it does not blow up when the norms sit near 1 (log near 0), and a factor of e in the norm
    /// always counts the same.
    /// </summary>
    public required double GradLogStd { get; init; }

    /// <summary>The engine's coefficient of variation of log global gradient norm after warm-up.</summary>
    public required double GradLogCv { get; init; }
    public required double SpikeRatio { get; init; }
    public required double ClippedFraction { get; init; }
    public required double VanishingRatio { get; init; }
    public required double DeadFraction { get; init; }
    public required double SaturatedFraction { get; init; }

    public required double FinalTrainLoss { get; init; }
    public required double FinalValLoss { get; init; }
    public required double BestValLoss { get; init; }
    public required double BestValAccuracy { get; init; }

    /// <summary>The loss of the best constant predictor (or the initial loss, for results that did not record it).</summary>
    public required double ChanceLoss { get; init; }
    /// <summary>Median train loss of the last fifth of the evaluation points: the run's end without mini-batch noise.</summary>
    public required double FinalTrainLossMedian { get; init; }

    /// <summary>How the target was set (options, spec or derived), in one sentence.</summary>
    public required string TargetExplanation { get; init; }

    /// <summary>One of <see cref="Diagnoses"/>.</summary>
    public required string Diagnosis { get; init; }
    /// <summary>The measurements the diagnosis follows from, with a one-line evidence text.</summary>
    public required CurveReading Reading { get; init; }
    /// <summary>The measured value behind each flag.</summary>
    public required FlagEvidence FlagEvidence { get; init; }
    /// <summary>Values of <see cref="TrialFlags"/>, in a fixed order.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    public bool Diverged => Status == TrialStatus.Diverged;

    /// <summary>Whether the trial learned (its diagnosis is not failed, diverged, diverging, unstable or stalled).</summary>
    public bool Learned => Diagnoses.Learned(Diagnosis);
}

using Sweep.Specs;

namespace Sweep.Actors;

/// <summary>
/// A snapshot of a running sweep. <see cref="Total"/> counts every trial of the spec; <see cref="Skipped"/>
/// were already in the run folder (resume); Completed, Diverged and Failed count this run's durable results.
/// </summary>
public sealed record SweepProgress(
    long Total,
    long Skipped,
    long Queued,
    int Running,
    long Completed,
    long Diverged,
    long Failed,
    double TrialsPerMinute,
    TimeSpan? Eta,
    IReadOnlyList<WorkerStatus> Workers)
{
    /// <summary>Trials the stopping rule stopped early (status pruned), this run.</summary>
    public long Pruned { get; init; }

    /// <summary>Training steps the pruned trials did not take (budget minus steps run, summed), this run.</summary>
    public long StepsSaved { get; init; }

    /// <summary>Queued trials that no connected worker will run (each declined it: its dataset is missing there), waiting for one that can.</summary>
    public IReadOnlyList<WaitingTrial> Waiting { get; init; } = [];
}

/// <summary>
/// A trial every connected worker declined: <paramref name="Reason"/> is what they said (e.g. the dataset file they lack),
/// and it is given up as failed at <paramref name="GivenUpAtUtc"/> unless a worker that can load it joins first.
/// </summary>
public sealed record WaitingTrial(TrialId TrialId, string Reason, DateTime GivenUpAtUtc);

/// <summary>One worker node: its name and host (<see cref="WorkerIdentity"/>: "gpu-box-3#41213 (gpu-box-3@10.0.0.5)"), slots, busy slots and what they run.</summary>
public sealed record WorkerStatus(string Address, int Slots, int Busy, IReadOnlyList<RunningTrial> RunningTrials);

/// <summary>A trial on a slot; Step and TotalSteps are 0 until the worker's first progress report.</summary>
/// <param name="TrainLoss">Mean train loss of the steps just before <paramref name="Step"/>; NaN before the first report.</param>
public sealed record RunningTrial(TrialId TrialId, long Step, long TotalSteps, double TrainLoss = double.NaN);

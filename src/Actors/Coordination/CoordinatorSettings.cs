using Sweep.Actors.Scheduling;
using Sweep.Actors.Scheduling.Stopping;

namespace Sweep.Actors.Coordination;

/// <summary>
/// What the coordinator of one sweep needs. <see cref="Trials"/> is the lazy expansion minus published
/// trials; <see cref="Total"/> and <see cref="Skipped"/> only feed progress. <see cref="Done"/> completes with
/// the summary (or the error that stopped the sweep). <see cref="JoinAddress"/> appears in messages.
/// The results writer is given to <see cref="CoordinatorActor"/> apart: only the actor's writer child uses it.
/// <see cref="Stopping"/> (null: none) decides which running trials to stop early; on resume it has replayed the committed trials.
/// <see cref="Sync"/> (null: none) runs asha's synchronous rung mode instead (then <see cref="Stopping"/> is null).
/// </summary>
internal sealed record CoordinatorSettings(
    string SweepId,
    string OutputPath,
    long Total,
    long Skipped,
    IEnumerable<PendingTrial> Trials,
    int MaxAttempts,
    TimeSpan? TrialTimeout,
    TimeSpan? NoWorkerTimeout,
    TimeSpan DeclineGrace,
    string EngineVersion,
    string JoinAddress,
    ISweepObserver Observer,
    TaskCompletionSource<SweepSummary> Done,
    StoppingDecider? Stopping = null,
    SyncRungs? Sync = null);

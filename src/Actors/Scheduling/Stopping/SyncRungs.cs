using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Actors.Scheduling.Stopping;

/// <summary>
/// The coordinator's side of the synchronous rung mode (asha, <c>"mode": "sync"</c>), beside <see cref="SchedulingState"/>
/// and as plain: it runs <see cref="SyncHalving"/> the way <see cref="StoppingSimulation"/> replays it. Every trial runs
/// to rung 1 (<see cref="StopAtStep"/>); a result that reached the rung is held (not committed) until the rung is decided;
/// then the promoted trials run again from step 0 to the next rung (the last promoted ones to their budget) and the
/// others are committed as pruned with their held result. A result that ended before its rung (diverged, failed, its
/// budget ran out) is committed at once and leaves the race. Steps a trial trains again are counted per trial
/// (<see cref="SyncStep.StepsRerun"/>): the sum of its earlier rung runs.
/// <para>
/// Trials committed by an earlier run of the folder are never run again: their curves are fed at each rung as the
/// simulation feeds a recorded curve (reached the rung: its points up to its first point at or after it; else ended).
/// The trials the earlier run held or was running start again from rung 1 (held results die with the coordinator);
/// training is deterministic, so every rung is decided as before.
/// </para>
/// Not thread-safe: the coordinator owns it.
/// </summary>
internal sealed class SyncRungs
{
    private readonly SyncHalving _halving;
    private readonly IReadOnlyDictionary<TrialId, IReadOnlyList<EvalPoint>> _committed;

    /// <summary>Trials whose result is held at the current rung: the steps that result ran.</summary>
    private readonly Dictionary<TrialId, long> _held = [];

    /// <summary>Per trial, the steps of its earlier rung runs (trained again from step 0 since).</summary>
    private readonly Dictionary<TrialId, long> _rerun = [];

    /// <param name="trials">Every trial of the sweep, committed ones included: rung 1 is decided once each of them reported it.</param>
    /// <param name="committed">Trials an earlier run committed (and this run does not run again), with their curves.</param>
    /// <exception cref="ArgumentException">Not asha in sync mode, or a trial's budget is in epochs (the rungs must be known before the first trial runs).</exception>
    public SyncRungs(StoppingSettings settings, IReadOnlyList<PendingTrial> trials, IReadOnlyDictionary<TrialId, IReadOnlyList<EvalPoint>> committed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(committed);
        if (settings.Rule != StopRuleKind.Asha || settings.Mode != RungMode.Sync)
        {
            throw new ArgumentException($"the synchronous rung mode is asha's with \"mode\": \"sync\", not {settings}", nameof(settings));
        }

        if (trials.FirstOrDefault(t => t.Config.Epochs > 0 || t.Config.Steps <= 0) is { } inEpochs)
        {
            throw new ArgumentException($"trial {inEpochs.TrialId} has its budget in epochs: {SweepSpec.SyncNeedsSteps}", nameof(trials));
        }

        var metric = new StopMetric(settings.Metric);
        long budget = trials.Count == 0 ? 0 : trials.Max(t => (long)t.Config.Steps);
        _halving = new SyncHalving(metric, settings.Eta, new RungSchedule(settings.MinSteps, settings.Eta).For(budget));
        foreach (var trial in trials)
        {
            _halving.Register(trial.TrialId, StopMetric.ConfigurationOf(trial.Config));
        }

        _committed = committed;
        // Live trials have not reported rung 1 yet, so what the committed curves decide here concerns committed trials only.
        Settle(FeedCommitted());
    }

    /// <summary>The rungs in steps, ascending (below the largest budget of the sweep).</summary>
    public IReadOnlyList<long> Rungs => _halving.Rungs;

    /// <summary>The step a trial dispatched now stops at: the rung being run when it is in the race, else long.MaxValue (its whole budget).</summary>
    public long StopAtStep(TrialId trial) =>
        _halving.StopAt is long rung && _halving.InRace.Contains(trial) ? rung : long.MaxValue;

    /// <summary>
    /// A pruned result that stopped short of the step its trial runs to now is from an earlier rung run (a late copy):
    /// it must not stand for the current run.
    /// </summary>
    public bool IsStale(TrialId trial, TrialStatus status, IReadOnlyList<EvalPoint> curve) =>
        status == TrialStatus.Pruned && (curve.Count == 0 || curve[^1].Step < StopAtStep(trial));

    /// <summary>
    /// A trial's run ended with <paramref name="curve"/> after <paramref name="stepsRun"/> steps: held when it reached the
    /// rung it ran to, else to commit now (with its re-run steps). Either may decide the rung.
    /// </summary>
    public SyncStep Finished(TrialId trial, IReadOnlyList<EvalPoint> curve, long stepsRun)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (StopAtStep(trial) is var rung && rung != long.MaxValue && curve.Count > 0 && curve[^1].Step >= rung)
        {
            _held[trial] = stepsRun;
            return Settle(_halving.Reached(trial, curve)) with { Held = true };
        }

        return Settle(_halving.Ended(trial)) with { StepsRerun = _rerun.GetValueOrDefault(trial) };
    }

    /// <summary>The trial was given up (failed without a result): it leaves the race, which may decide the rung.</summary>
    public SyncStep GaveUp(TrialId trial) => Settle(_halving.Ended(trial)) with { StepsRerun = _rerun.GetValueOrDefault(trial) };

    /// <summary>Applies a decision (and those the committed curves then complete) to the live trials.</summary>
    private SyncStep Settle(RungDecision? decision)
    {
        var runAgain = new List<TrialId>();
        var pruned = new List<SyncPruned>();
        while (decision is not null)
        {
            foreach (var trial in decision.Promoted.Where(t => !_committed.ContainsKey(t)))
            {
                _rerun[trial] = _rerun.GetValueOrDefault(trial) + _held[trial];
                _held.Remove(trial);
                runAgain.Add(trial);
            }

            foreach (var (trial, stop) in decision.Pruned.Where(p => !_committed.ContainsKey(p.Trial)))
            {
                _held.Remove(trial);
                pruned.Add(new SyncPruned(trial, stop, _rerun.GetValueOrDefault(trial)));
            }

            decision = FeedCommitted();
        }

        return new SyncStep(false, 0, runAgain, pruned);
    }

    /// <summary>Feeds the committed trials still in the race at the current rung; the decision once one completes it.</summary>
    private RungDecision? FeedCommitted()
    {
        if (_halving.StopAt is not long rung)
        {
            return null;
        }

        foreach (var trial in _halving.InRace.Where(_committed.ContainsKey).ToList())
        {
            var curve = _committed[trial];
            var upTo = curve.TakeWhile((_, i) => i == 0 || curve[i - 1].Step < rung).ToList();
            var decision = upTo.Count == 0 || upTo[^1].Step < rung ? _halving.Ended(trial) : _halving.Reached(trial, upTo);
            if (decision is not null)
            {
                return decision;
            }
        }

        return null;
    }
}

/// <summary>
/// What <see cref="SyncRungs"/> made of a result: <see cref="Held"/> (not committed yet), else commit it with
/// <see cref="StepsRerun"/>; <see cref="RunAgain"/> trials were promoted (queue them from step 0) and
/// <see cref="Pruned"/> ones are to be committed pruned with their held result.
/// </summary>
internal sealed record SyncStep(bool Held, long StepsRerun, IReadOnlyList<TrialId> RunAgain, IReadOnlyList<SyncPruned> Pruned);

/// <summary>A held trial not promoted at its rung: committed pruned with <see cref="Decision"/> and its re-run steps.</summary>
internal sealed record SyncPruned(TrialId Trial, StopDecision Decision, long StepsRerun);

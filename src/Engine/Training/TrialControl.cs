namespace Sweep.Engine.Training;

/// <summary>
/// What whoever runs a trial can see and do while it trains: progress reports, each evaluation point as it is
/// recorded, and a stop request. Callbacks run on the training thread; <see cref="StopAt"/> and <see cref="Release"/>
/// may be called from any thread. A stopped trial ends at its first evaluation point at or after the requested step
/// with <see cref="TrialStatus.Pruned"/> and everything recorded up to that point (a request at or past the last step
/// changes nothing: the trial completes).
/// <para>
/// Hold points: where a decision about the trial is due at a point (an ASHA rung), <paramref name="holdsAt"/> (previous
/// point's step, this point's step, budget) says so, and the training thread waits after handing the point on, until
/// <see cref="Release"/> for that step or a <see cref="StopAt"/> arrives, or <paramref name="holdPatience"/> has passed
/// (then it trains on; a stop that comes later still ends it at its next point). So a decision taken at a point stops
/// the trial at that very point, however fast its steps are. The last point (the budget) is never held. A cancelled
/// <paramref name="holdCancellation"/> ends the wait with <see cref="OperationCanceledException"/>, as cancelling the
/// trial anywhere else does.
/// </para>
/// </summary>
/// <param name="evaluated">Each point with the trial's budget in steps and whether the trial is held there.</param>
public sealed class TrialControl(
    Action<TrialProgress>? progress = null,
    Action<EvalPoint, long, bool>? evaluated = null,
    Func<long, long, long, bool>? holdsAt = null,
    TimeSpan holdPatience = default,
    CancellationToken holdCancellation = default)
{
    private readonly ManualResetEventSlim? _verdict = holdsAt is null ? null : new ManualResetEventSlim(false);
    private long _stopAtStep = long.MaxValue;
    private long _holdingAt = -1;
    private long _lastStep;

    /// <summary>A control that only reports progress (or nothing).</summary>
    public static TrialControl Of(Action<TrialProgress>? progress) => new(progress);

    /// <summary>The step to stop at (long.MaxValue: none); the earliest request wins.</summary>
    public long StopAtStep => Interlocked.Read(ref _stopAtStep);

    /// <summary>Asks the trial to stop at its first evaluation point at or after <paramref name="step"/> (its next one, if it is already past).</summary>
    public void StopAt(long step)
    {
        long current = Interlocked.Read(ref _stopAtStep);
        while (step < current)
        {
            long seen = Interlocked.CompareExchange(ref _stopAtStep, step, current);
            if (seen == current)
            {
                _verdict?.Set();
                return;
            }

            current = seen;
        }
    }

    /// <summary>The verdict on the point held at <paramref name="step"/>: train on (ignored unless the trial is held there).</summary>
    public void Release(long step)
    {
        if (Interlocked.Read(ref _holdingAt) == step)
        {
            _verdict?.Set();
        }
    }

    internal bool HasProgress => progress is not null;

    /// <summary>Hands on a progress report (the trainer does, about four times a second; so may a runner that does not train).</summary>
    public void Report(TrialProgress report) => progress?.Invoke(report);

    /// <summary>
    /// Hands on an evaluation point with the trial's budget in steps (the trainer does, at every point), and at a hold
    /// point waits for the verdict (see the class remarks).
    /// </summary>
    public void Evaluated(EvalPoint point, long totalSteps)
    {
        long stopBefore = StopAtStep;
        bool hold = _verdict is not null && evaluated is not null && point.Step < totalSteps && point.Step < stopBefore
            && holdsAt!(_lastStep, point.Step, totalSteps);
        _lastStep = point.Step;
        if (hold)
        {
            // Armed before the point goes out: a verdict may come back before the wait starts.
            _verdict!.Reset();
            Interlocked.Exchange(ref _holdingAt, point.Step);
        }

        evaluated?.Invoke(point, totalSteps, hold);
        // A stop that came in before the event was armed changed StopAtStep; one after it sets the event.
        if (hold && StopAtStep == stopBefore)
        {
            _verdict!.Wait(holdPatience, holdCancellation);
        }

        if (hold)
        {
            Interlocked.Exchange(ref _holdingAt, -1);
        }
    }
}

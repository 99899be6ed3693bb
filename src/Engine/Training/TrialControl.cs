namespace Sweep.Engine.Training;

/// <summary>
/// What whoever runs a trial can see and do while it trains: progress reports, each evaluation point as it is
/// recorded, and a stop request. Callbacks run on the training thread; <see cref="StopAt"/> may be called from any
/// thread. A stopped trial ends at its first evaluation point at or after the requested step with
/// <see cref="TrialStatus.Pruned"/> and everything recorded up to that point (a request at or past the last step
/// changes nothing: the trial completes).
/// </summary>
public sealed class TrialControl(Action<TrialProgress>? progress = null, Action<EvalPoint, long>? evaluated = null)
{
    private long _stopAtStep = long.MaxValue;

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
                return;
            }

            current = seen;
        }
    }

    internal bool HasProgress => progress is not null;

    /// <summary>Hands on a progress report (the trainer does, about four times a second; so may a runner that does not train).</summary>
    public void Report(TrialProgress report) => progress?.Invoke(report);

    /// <summary>Hands on an evaluation point with the trial's budget in steps (the trainer does, at every point).</summary>
    public void Evaluated(EvalPoint point, long totalSteps) => evaluated?.Invoke(point, totalSteps);
}

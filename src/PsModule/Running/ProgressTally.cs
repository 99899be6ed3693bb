using Sweep.Actors;
using Sweep.Engine.Training;

namespace Sweep.PsModule.Running;

/// <summary>
/// Keeps the progress counts in step with the results a cmdlet has emitted. The coordinator's snapshots
/// come on a timer, so a result can reach the pipeline before the snapshot that counts it; the bar must
/// never show fewer finished trials than are on the screen. Thread-safe (actor threads call it).
/// </summary>
internal sealed class ProgressTally
{
    private readonly object _lock = new();
    private long _completed;
    private long _diverged;
    private long _failed;
    private long _pruned;
    private SweepProgress? _latest;

    /// <summary>Counts one finished trial of this run; returns the latest snapshot brought up to date (null before the first).</summary>
    public SweepProgress? Count(TrialStatus status)
    {
        lock (_lock)
        {
            switch (status)
            {
                case TrialStatus.Completed: _completed++; break;
                case TrialStatus.Diverged: _diverged++; break;
                case TrialStatus.Pruned: _pruned++; break;
                default: _failed++; break;
            }

            return _latest is null ? null : Reconciled(_latest);
        }
    }

    /// <summary>The coordinator's snapshot with every count at least what was emitted; trials counted here no longer count as running.</summary>
    public SweepProgress Reconcile(SweepProgress progress)
    {
        lock (_lock)
        {
            _latest = progress;
            return Reconciled(progress);
        }
    }

    private SweepProgress Reconciled(SweepProgress p)
    {
        long completed = Math.Max(p.Completed, _completed);
        long diverged = Math.Max(p.Diverged, _diverged);
        long failed = Math.Max(p.Failed, _failed);
        long pruned = Math.Max(p.Pruned, _pruned);
        long ahead = completed - p.Completed + diverged - p.Diverged + failed - p.Failed + pruned - p.Pruned;
        return ahead == 0 ? p : p with
        {
            Completed = completed,
            Diverged = diverged,
            Failed = failed,
            Pruned = pruned,
            Running = (int)Math.Max(0, p.Running - ahead),
        };
    }
}

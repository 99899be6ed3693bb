namespace Sweep.Actors.Coordination;

/// <summary>What <see cref="NoWorkerWatchdog.Check"/> asks the coordinator to do (both may hold at once).</summary>
internal readonly record struct WatchdogVerdict(bool Warn, bool GiveUp);

/// <summary>
/// Watches for a sweep that waits with no worker connected: warns once after <paramref name="warnAfter"/>
/// (again only after a worker has joined in between) and gives up after <paramref name="giveUpAfter"/>, if set.
/// The wait starts when the coordinator starts, or when the last worker leaves; time is passed in.
/// </summary>
internal sealed class NoWorkerWatchdog(TimeSpan warnAfter, TimeSpan? giveUpAfter, DateTime startUtc)
{
    private DateTime? _waitingSince = startUtc;
    private bool _warned;

    public void WorkerJoined()
    {
        _waitingSince = null;
        _warned = false;
    }

    /// <param name="waiting">No worker is connected while trials still wait (not cancelling, not done).</param>
    public WatchdogVerdict Check(DateTime nowUtc, bool waiting)
    {
        if (!waiting)
        {
            _waitingSince = null;
            return default;
        }

        _waitingSince ??= nowUtc;
        var waited = nowUtc - _waitingSince.Value;
        bool warn = !_warned && waited > warnAfter;
        _warned |= warn;
        return new WatchdogVerdict(warn, giveUpAfter is { } limit && waited > limit);
    }
}

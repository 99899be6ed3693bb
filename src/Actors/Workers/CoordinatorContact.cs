namespace Sweep.Actors.Workers;

/// <summary>What <see cref="CoordinatorContact.Check"/> asks the worker to do.</summary>
internal enum ContactAction
{
    None,
    /// <summary>Not registered and no registration sent within the retry interval: send one.</summary>
    Register,
    /// <summary>The coordinator has been unreachable for longer than the loss limit: give it up.</summary>
    Lost,
}

/// <summary>
/// A worker's view of its coordinator between ticks: when it last sent a registration (retried every
/// <paramref name="registerRetry"/> until accepted) and since when the coordinator is unreachable (lost after
/// <paramref name="lostAfter"/>; reachable again in between resets it). Time is passed in.
/// </summary>
internal sealed class CoordinatorContact(TimeSpan registerRetry, TimeSpan lostAfter)
{
    private DateTime _lastRegisterSent = DateTime.MinValue;
    private DateTime? _unreachableSince;

    public void RegisterSent(DateTime nowUtc) => _lastRegisterSent = nowUtc;

    public void Unreachable(DateTime nowUtc) => _unreachableSince ??= nowUtc;

    public void Reachable() => _unreachableSince = null;

    /// <param name="registered">The coordinator accepted this worker (and has not asked it to register again).</param>
    public ContactAction Check(DateTime nowUtc, bool registered)
    {
        if (_unreachableSince is { } since && nowUtc - since > lostAfter)
        {
            return ContactAction.Lost;
        }

        return !registered && nowUtc - _lastRegisterSent > registerRetry ? ContactAction.Register : ContactAction.None;
    }
}

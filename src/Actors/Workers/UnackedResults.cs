using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Workers;

/// <summary>A finished trial as sent: its parts, then its finished message; when it was last sent.</summary>
internal sealed class UnackedResult(IReadOnlyList<TrialResultPart> parts, TrialFinished finished)
{
    public IReadOnlyList<TrialResultPart> Parts { get; } = parts;
    public TrialFinished Finished { get; } = finished;
    public DateTime? SentAt { get; private set; }

    /// <summary>The messages in sending order.</summary>
    public IEnumerable<object> Messages => Parts.Cast<object>().Append(Finished);

    public void Sent(DateTime nowUtc) => SentAt = nowUtc;
}

/// <summary>
/// The worker's finished trials that the coordinator has not acknowledged: they are re-sent, whole, when not
/// sent within <paramref name="resendAfter"/> (a lost message, a coordinator busy writing) and on each
/// (re-)registration, until the acknowledgement comes. Time is passed in.
/// </summary>
internal sealed class UnackedResults(TimeSpan resendAfter)
{
    private readonly Dictionary<TrialId, UnackedResult> _results = [];

    public int Count => _results.Count;

    public IEnumerable<UnackedResult> All => _results.Values;

    /// <summary>Splits the whole result into frame-sized messages and holds them until acknowledged (replacing an older result of the trial).</summary>
    public UnackedResult Add(TrialFinished whole)
    {
        var (parts, finished) = ResultChunks.Split(whole);
        var result = new UnackedResult(parts, finished);
        _results[whole.TrialId] = result;
        return result;
    }

    public void Acknowledge(TrialId trialId) => _results.Remove(trialId);

    /// <summary>The results not sent within the resend interval (never sent ones included).</summary>
    public IReadOnlyList<UnackedResult> Due(DateTime nowUtc) =>
        _results.Values.Where(r => r.SentAt is not { } sent || nowUtc - sent > resendAfter).ToList();

    /// <summary>The coordinator is gone: its sweep cannot take these results any more.</summary>
    public void Clear() => _results.Clear();
}

namespace Sweep.Actors.Tls;

/// <summary>
/// Decides when a worker that cannot join its coordinator should stop trying. A refused TCP connection means the
/// coordinator is not up yet: the worker waits for it as long as it takes. A connection the coordinator accepts
/// and then drops before this node has joined means it is up and will not take this node (most often it does not
/// trust this node's TLS certificate, or one end uses TLS and the other not); after <see cref="Limit"/> such
/// failures the node stops with the reason. Failures after joining (lost connections) are not counted.
/// Thread-safe: failures are reported from transport threads.
/// </summary>
public sealed class JoinFailures(int limit)
{
    /// <summary>Failed association attempts with a running coordinator after which a worker gives up.</summary>
    public const int DefaultLimit = 3;

    private readonly object _gate = new();
    private int _count;
    private bool _joined;
    private string? _refusal;

    public int Limit { get; } = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "must be at least 1");

    /// <summary>A new node starts joining (the first, or a fresh one after the coordinator was lost).</summary>
    public void Joining()
    {
        lock (_gate)
        {
            _joined = false;
            _refusal = null;
        }
    }

    /// <summary>This node became a member: failures so far are forgiven, and later ones are lost connections, handled by rejoining.</summary>
    public void Joined()
    {
        lock (_gate)
        {
            _joined = true;
            _count = 0;
        }
    }

    /// <summary>This node refused the coordinator's certificate; the failure that follows is reported with this reason.</summary>
    public void Refused(string reason)
    {
        lock (_gate)
        {
            _refusal = reason;
        }
    }

    /// <summary>
    /// Records that the coordinator's connection was dropped before joining, with <paramref name="dropped"/> as the
    /// reason unless this node refused the coordinator first. Null when the node had joined (not counted).
    /// </summary>
    public JoinFailure? Record(string dropped)
    {
        lock (_gate)
        {
            if (_joined)
            {
                return null;
            }

            _count++;
            string reason = _refusal ?? dropped;
            _refusal = null;
            return new JoinFailure(
                reason,
                _count >= Limit ? $"joining failed {_count} times although the coordinator is up, giving up; last failure: {reason}" : null);
        }
    }

    /// <summary>
    /// The failure an association error stands for, in one line, when it happened after the coordinator accepted
    /// the TCP connection and refused it: the TLS handshake failed, or the coordinator disassociated explicitly.
    /// Null for everything else (connection refused, unreachable, connect or handshake timeout: the coordinator is
    /// not up, not reachable or busy, which a worker waits out).
    /// </summary>
    public static string? Describe(Exception? cause)
    {
        for (var e = cause; e is not null; e = e.InnerException)
        {
            // An unanswered association handshake (a TimeoutException) is not counted: a busy coordinator can cause it.
            bool afterConnect = e.Message.StartsWith("TLS handshake failed", StringComparison.Ordinal)
                || e.GetType().Name == "AkkaProtocolException";
            if (afterConnect)
            {
                return e.Message.ReplaceLineEndings(" ");
            }
        }

        return null;
    }
}

/// <summary>One failed attempt to join: why, and the message to stop with when the limit is reached (else null).</summary>
public sealed record JoinFailure(string Reason, string? GiveUp);

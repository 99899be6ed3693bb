namespace Sweep.Actors.Tls;

/// <summary>
/// Decides when a worker that cannot join its coordinator should stop trying. A refused TCP connection means the
/// coordinator is not up yet: the worker waits for it as long as it takes. A connection the coordinator accepts
/// and then drops before this node has joined means it is up and will not take this node (most often it does not
/// trust this node's TLS certificate, or one end uses TLS and the other not); after <see cref="Limit"/> such
/// refusals the node stops with the reason. An unanswered association handshake is not a refusal (a busy
/// coordinator can cause one), but once the coordinator has refused this node, waiting is bounded anyway: the node
/// also gives up after <see cref="MaxAttempts"/> failed attempts of any kind, or <see cref="GiveUpAfter"/>, since the
/// first refusal, whichever comes first, so a loaded machine cannot stretch the give-up without end.
/// Failures after joining (lost connections) are not counted. Thread-safe: failures are reported from transport threads.
/// </summary>
public sealed class JoinFailures
{
    /// <summary>Refusals by a running coordinator after which a worker gives up.</summary>
    public const int DefaultLimit = 3;

    /// <summary>Time from the first refusal after which a worker that has still not joined gives up.</summary>
    public static readonly TimeSpan DefaultGiveUpAfter = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private int _refusals;
    private int _attempts;
    private DateTimeOffset? _firstRefusal;
    private string? _lastRefusal;
    private bool _joined;
    private string? _ownRefusal;

    public JoinFailures(int limit, TimeSpan? giveUpAfter = null, TimeProvider? clock = null)
    {
        Limit = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "must be at least 1");
        GiveUpAfter = giveUpAfter ?? DefaultGiveUpAfter;
        if (GiveUpAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(giveUpAfter), giveUpAfter, "must be positive");
        }

        _clock = clock ?? TimeProvider.System;
    }

    public int Limit { get; }

    public TimeSpan GiveUpAfter { get; }

    /// <summary>Failed attempts of any kind (refused or unanswered), the first refusal included, after which a refused node gives up.</summary>
    public int MaxAttempts => 4 * Limit;

    /// <summary>A new node starts joining (the first, or a fresh one after the coordinator was lost).</summary>
    public void Joining()
    {
        lock (_gate)
        {
            _joined = false;
            _ownRefusal = null;
        }
    }

    /// <summary>This node became a member: failures so far are forgiven, and later ones are lost connections, handled by rejoining.</summary>
    public void Joined()
    {
        lock (_gate)
        {
            _joined = true;
            _refusals = 0;
            _attempts = 0;
            _firstRefusal = null;
            _lastRefusal = null;
        }
    }

    /// <summary>This node refused the coordinator's certificate; the failure that follows is reported with this reason.</summary>
    public void Refused(string reason)
    {
        lock (_gate)
        {
            _ownRefusal = reason;
        }
    }

    /// <summary>
    /// Records that the coordinator's connection was dropped before joining (a refusal), with <paramref name="dropped"/>
    /// as the reason unless this node refused the coordinator first. Null when the node had joined (not counted).
    /// </summary>
    public JoinFailure? Record(string dropped)
    {
        lock (_gate)
        {
            if (_joined)
            {
                return null;
            }

            _refusals++;
            _attempts++;
            _firstRefusal ??= _clock.GetUtcNow();
            _lastRefusal = _ownRefusal ?? dropped;
            _ownRefusal = null;
            return new JoinFailure(_lastRefusal, GiveUpLocked());
        }
    }

    /// <summary>
    /// Records an attempt the coordinator did not answer (not a refusal): counts toward <see cref="MaxAttempts"/>
    /// only after a first refusal. The returned failure says so in its reason, for the worker to log why it still
    /// waits. Null when the node had joined.
    /// </summary>
    public JoinFailure? Unanswered(string what)
    {
        lock (_gate)
        {
            if (_joined)
            {
                return null;
            }

            if (_firstRefusal is null)
            {
                return new JoinFailure($"{what}; not counted as a refusal (the coordinator may not be up or may be busy), still trying", null);
            }

            _attempts++;
            var giveUp = GiveUpLocked();
            return new JoinFailure(
                $"{what}; not counted as a refusal, but the coordinator refused this node before: attempt {_attempts} of at most {MaxAttempts}, "
                + $"giving up {GiveUpAfter.TotalSeconds:0} s after the first refusal",
                giveUp);
        }
    }

    /// <summary>The reason to give up now if the time bound has passed since a refusal (for a periodic check when no attempt fails), else null.</summary>
    public string? Overdue()
    {
        lock (_gate)
        {
            return _joined ? null : GiveUpLocked();
        }
    }

    private string? GiveUpLocked()
    {
        if (_firstRefusal is not { } first)
        {
            return null;
        }

        string last = $"last failure: {_lastRefusal}";
        if (_refusals >= Limit)
        {
            return $"joining failed {_refusals} times although the coordinator is up, giving up; {last}";
        }

        if (_attempts >= MaxAttempts)
        {
            return $"joining failed {_attempts} times (refused {_refusals}, unanswered {_attempts - _refusals}) although the coordinator is up, giving up; {last}";
        }

        var waited = _clock.GetUtcNow() - first;
        return waited >= GiveUpAfter
            ? $"joining failed {_attempts} times (refused {_refusals}, unanswered {_attempts - _refusals}) although the coordinator is up, giving up {waited.TotalSeconds:0} s after its first refusal; {last}"
            : null;
    }

    /// <summary>
    /// The refusal an association error stands for, in one line, when it happened after the coordinator accepted
    /// the TCP connection and refused it: the TLS handshake failed, or the coordinator disassociated explicitly.
    /// Null for everything else (connection refused, unreachable, connect or handshake timeout: the coordinator is
    /// not up, not reachable or busy, which a worker waits out; see <see cref="DescribeUnanswered"/>).
    /// </summary>
    public static string? Describe(Exception? cause)
    {
        for (var e = cause; e is not null; e = e.InnerException)
        {
            // An unanswered association handshake (a TimeoutException) is not a refusal: a busy coordinator can cause it.
            bool afterConnect = e.Message.StartsWith("TLS handshake failed", StringComparison.Ordinal)
                || e.GetType().Name == "AkkaProtocolException";
            if (afterConnect)
            {
                return e.Message.ReplaceLineEndings(" ");
            }
        }

        return null;
    }

    /// <summary>An association handshake that got no answer in time (a <see cref="TimeoutException"/>), in one line; else null.</summary>
    public static string? DescribeUnanswered(Exception? cause)
    {
        if (Describe(cause) is not null)
        {
            return null;
        }

        for (var e = cause; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException)
            {
                return e.Message.ReplaceLineEndings(" ");
            }
        }

        return null;
    }
}

/// <summary>One failed attempt to join: why, and the message to stop with when a bound is reached (else null).</summary>
public sealed record JoinFailure(string Reason, string? GiveUp);

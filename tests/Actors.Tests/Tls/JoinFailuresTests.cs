using System.Net.Sockets;
using Sweep.Actors.Tls;

namespace Sweep.Actors.Tests.Tls;

public sealed class JoinFailuresTests
{
    [Fact]
    public void The_limit_th_failure_before_joining_gives_up_with_the_last_reason()
    {
        var failures = new JoinFailures(3);
        failures.Joining();

        Assert.Null(failures.Record("first")!.GiveUp);
        failures.Joining();
        Assert.Null(failures.Record("second")!.GiveUp);
        var third = failures.Record("third");

        Assert.Equal("third", third!.Reason);
        Assert.Equal("joining failed 3 times although the coordinator is up, giving up; last failure: third", third.GiveUp);
    }

    [Fact]
    public void This_nodes_own_refusal_of_the_coordinator_is_the_reason_of_the_failure_that_follows()
    {
        var failures = new JoinFailures(3);
        failures.Refused("TLS: refused the peer: untrusted");

        Assert.Equal("TLS: refused the peer: untrusted", failures.Record("handshake failed")!.Reason);
        Assert.Equal("handshake failed", failures.Record("handshake failed")!.Reason);
    }

    [Fact]
    public void Failures_after_joining_are_lost_connections_and_joining_forgives_earlier_ones()
    {
        var failures = new JoinFailures(2);
        Assert.NotNull(failures.Record("before"));
        failures.Joined();

        Assert.Null(failures.Record("dropped"));
        failures.Joining();
        Assert.Null(failures.Record("after a rejoin")!.GiveUp);
    }

    [Fact]
    public void A_refused_or_unreachable_connection_means_the_coordinator_is_not_up_and_is_not_counted()
    {
        // The shapes Akka.Remote 1.5.73's TcpTransport gives them.
        var refused = new InvalidOperationException("Association failed", new InvalidOperationException("Connection refused akka.ssl.tcp://sweep@10.0.0.5:4053"));
        var unreachable = new InvalidOperationException("Failed to associate", new IOException("connect", new SocketException((int)SocketError.HostUnreachable)));

        Assert.Null(JoinFailures.Describe(refused));
        Assert.Null(JoinFailures.Describe(unreachable));
        Assert.Null(JoinFailures.Describe(null));
    }

    [Fact]
    public void A_failed_tls_handshake_counts_with_its_message_and_an_unanswered_association_does_not()
    {
        var tls = new InvalidOperationException("Association failed", new IOException("TLS handshake failed for ssl.tcp://sweep@h:1: Channel is closed"));
        var silent = new InvalidOperationException("Association failed", new TimeoutException("No response from remote for outbound association."));

        Assert.Equal("TLS handshake failed for ssl.tcp://sweep@h:1: Channel is closed", JoinFailures.Describe(tls));
        Assert.Null(JoinFailures.Describe(silent));
    }

    [Fact]
    public void Unanswered_attempts_before_any_refusal_never_give_up_and_say_why_the_worker_waits()
    {
        var failures = new JoinFailures(3, TimeSpan.FromSeconds(60), new ManualClock());

        for (int i = 0; i < 100; i++)
        {
            var failure = failures.Unanswered("no answer");
            Assert.Null(failure!.GiveUp);
            Assert.Contains("not counted as a refusal", failure.Reason, StringComparison.Ordinal);
        }

        Assert.Null(failures.Overdue());
    }

    [Fact]
    public void After_a_refusal_unanswered_attempts_count_toward_the_attempt_bound()
    {
        var failures = new JoinFailures(3, TimeSpan.FromHours(1), new ManualClock());
        Assert.Null(failures.Record("refused: untrusted")!.GiveUp);

        for (int attempt = 2; attempt < failures.MaxAttempts; attempt++)
        {
            Assert.Null(failures.Unanswered("no answer")!.GiveUp);
        }

        var last = failures.Unanswered("no answer");
        Assert.Equal(
            $"joining failed {failures.MaxAttempts} times (refused 1, unanswered {failures.MaxAttempts - 1}) although the coordinator is up, giving up; last failure: refused: untrusted",
            last!.GiveUp);
        Assert.Contains($"attempt {failures.MaxAttempts} of at most {failures.MaxAttempts}", last.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_refusal_the_worker_gives_up_once_the_time_bound_has_passed_even_without_further_attempts()
    {
        var clock = new ManualClock();
        var failures = new JoinFailures(3, TimeSpan.FromSeconds(60), clock);
        Assert.Null(failures.Record("refused: untrusted")!.GiveUp);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(failures.Overdue());
        Assert.Null(failures.Unanswered("no answer")!.GiveUp);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(
            "joining failed 2 times (refused 1, unanswered 1) although the coordinator is up, giving up 60 s after its first refusal; last failure: refused: untrusted",
            failures.Overdue());
    }

    [Fact]
    public void Joining_forgives_the_refusals_and_stops_the_clock()
    {
        var clock = new ManualClock();
        var failures = new JoinFailures(3, TimeSpan.FromSeconds(60), clock);
        failures.Record("refused");
        failures.Joined();

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(failures.Overdue());
        failures.Joining();
        Assert.Null(failures.Unanswered("no answer")!.GiveUp);
        Assert.Null(failures.Overdue());
    }

    [Fact]
    public void An_unanswered_handshake_is_described_apart_from_a_refusal()
    {
        var silent = new InvalidOperationException("Association failed", new TimeoutException("No response from remote for outbound association."));
        var tls = new InvalidOperationException("Association failed", new IOException("TLS handshake failed for ssl.tcp://sweep@h:1: Channel is closed"));
        var refused = new InvalidOperationException("Association failed", new InvalidOperationException("Connection refused akka.ssl.tcp://sweep@10.0.0.5:4053"));

        Assert.Equal("No response from remote for outbound association.", JoinFailures.DescribeUnanswered(silent));
        Assert.Null(JoinFailures.DescribeUnanswered(tls));
        Assert.Null(JoinFailures.DescribeUnanswered(refused));
    }

    [Fact]
    public void Bounds_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JoinFailures(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JoinFailures(3, TimeSpan.Zero));
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

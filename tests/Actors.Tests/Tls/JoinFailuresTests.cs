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
}

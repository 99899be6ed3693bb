using System.Net.Sockets;
using Akka.Event;
using Akka.Remote;
using Sweep.Actors.Cluster;

namespace Sweep.Actors.Tests.Cluster;

public sealed class DroppedConnectionTests
{
    private static readonly Type Transport = typeof(RemoteActorRefProvider);

    [Fact]
    public void A_transport_error_caused_by_a_reset_socket_is_a_dropped_connection()
    {
        var e = new Error(new IOException("read failed", new SocketException((int)SocketError.ConnectionReset)), "remoting", Transport, "Error caught channel");

        Assert.True(DroppedConnection.Matches(e));
    }

    [Fact]
    public void A_transport_warning_about_a_failed_association_is_a_dropped_connection()
    {
        var e = new Warning("endpointWriter", Transport, "Association with remote system [akka.tcp://sweep@127.0.0.1:4100] has failed; address is now gated for 5000 ms. Reason: [Disassociated]");

        Assert.True(DroppedConnection.Matches(e));
    }

    [Fact]
    public void A_failed_tls_handshake_is_left_to_the_validator_s_one_line_warning()
    {
        var cause = new AggregateException(new System.Security.Authentication.AuthenticationException("The remote certificate was rejected"));
        var e = new Error(cause, "TcpServerHandler", Transport, "TLS handshake failed on channel [a->b]");

        Assert.True(DroppedConnection.Matches(e));
    }

    [Fact]
    public void An_endpoint_writer_failure_logged_by_its_supervisor_is_a_dropped_connection()
    {
        var e = new Error(
            new InvalidOperationException("Disassociated"),
            "akka://sweep/system/endpointManager/reliableEndpointWriter-akka.tcp%3A%2F%2Fsweep%40127.0.0.1%3A44193-1/endpointWriter",
            typeof(Akka.Actor.OneForOneStrategy),
            "Disassociated");

        Assert.True(DroppedConnection.Matches(e));
    }

    [Fact]
    public void A_transport_serialization_error_is_not_a_dropped_connection()
    {
        var e = new Error(null, "endpointWriter", Transport, "Failed to serialize remote message [X]. Transient association error (association remains live)");

        Assert.False(DroppedConnection.Matches(e));
    }

    [Fact]
    public void A_socket_error_outside_the_transport_is_not_a_dropped_connection()
    {
        var e = new Error(new SocketException((int)SocketError.ConnectionReset), "coordinator", typeof(SweepRunner), "Association lost");

        Assert.False(DroppedConnection.Matches(e));
    }
}

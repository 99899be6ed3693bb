using System.Net.Sockets;
using Akka.Event;

namespace Sweep.Actors.Cluster;

/// <summary>
/// Recognises log events that only say a remote connection went away (a worker left or died, a coordinator
/// finished) or that a TLS handshake failed (a peer refused; the TLS validator reports why): raised by the remoting
/// transport, caused by a socket or I/O failure or naming a disassociation.
/// Serialization and configuration errors of the transport do not match.
/// </summary>
internal static class DroppedConnection
{
    public static bool Matches(LogEvent e)
    {
        string origin = e.LogClass?.Namespace ?? "";
        // A remoting actor's failure is logged by its supervisor strategy (an Akka.Actor type) with the actor's path as source.
        bool fromTransport = origin.StartsWith("Akka.Remote", StringComparison.Ordinal) || origin.StartsWith("DotNetty", StringComparison.Ordinal)
            || (e.LogSource?.Contains("/system/endpointManager/", StringComparison.Ordinal) ?? false);
        if (!fromTransport)
        {
            return false;
        }

        if (e is Error { Cause: { } cause } && CausedByNetwork(cause))
        {
            return true;
        }

        string text = e.Message?.ToString() ?? "";
        if (text.Contains("erializ", StringComparison.Ordinal))
        {
            return false;
        }

        // A refused TLS peer: the node's own validator has already said which certificate and why, in one line.
        return text.Contains("TLS handshake failed", StringComparison.Ordinal)
            || text.Contains("isassociat", StringComparison.Ordinal)
            || text.Contains("ssociation", StringComparison.Ordinal)
            || text.Contains("Error caught channel", StringComparison.Ordinal);
    }

    private static bool CausedByNetwork(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or IOException or ObjectDisposedException)
            {
                return true;
            }
        }

        return false;
    }
}

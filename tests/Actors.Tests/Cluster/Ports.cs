using System.Net;
using System.Net.Sockets;

namespace Sweep.Actors.Tests;

internal static class Ports
{
    /// <summary>A loopback port free right now (the OS picks it; a race with other processes is possible but unlikely).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// Two Linux network namespaces joined by a veth pair, with addresses the test assigns (10.250.N.1 and 10.250.N.2):
/// two "hosts" on one machine, whose link the test can take down and up. Dispose deletes both namespaces (which
/// removes the veth pair); processes started in them must be ended first (they are: SweepProcess.Dispose).
/// Traffic stays inside the namespaces: no route leads out of them.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..6];

    public NetworkNamespaces()
    {
        int subnet = Random.Shared.Next(1, 255);
        CoordinatorAddress = $"10.250.{subnet}.1";
        WorkerAddress = $"10.250.{subnet}.2";
        try
        {
            Ip("netns", "add", Coordinator);
            Ip("netns", "add", Worker);
            Ip("link", "add", CoordinatorLink, "type", "veth", "peer", "name", WorkerLink);
            Ip("link", "set", CoordinatorLink, "netns", Coordinator);
            Ip("link", "set", WorkerLink, "netns", Worker);
            Ip("-n", Coordinator, "addr", "add", CoordinatorAddress + "/24", "dev", CoordinatorLink);
            Ip("-n", Worker, "addr", "add", WorkerAddress + "/24", "dev", WorkerLink);
            foreach (var (space, link) in new[] { (Coordinator, CoordinatorLink), (Worker, WorkerLink) })
            {
                Ip("-n", space, "link", "set", "lo", "up");
                Ip("-n", space, "link", "set", link, "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Coordinator => "sweep-c-" + _suffix;

    public string Worker => "sweep-w-" + _suffix;

    public string CoordinatorAddress { get; }

    public string WorkerAddress { get; }

    private string CoordinatorLink => "swc" + _suffix;

    private string WorkerLink => "sww" + _suffix;

    /// <summary>Why these tests cannot run here (not root, no <c>ip netns</c>, turned off with SWEEP_TEST_NETNS=0), or null when they can.</summary>
    public static string? Unavailable()
    {
        if (Environment.GetEnvironmentVariable("SWEEP_TEST_NETNS") == "0")
        {
            return "turned off with SWEEP_TEST_NETNS=0";
        }

        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces need root (run the tests as root to include them)";
        }

        try
        {
            var (code, output) = Run("ip", "netns", "list");
            return code == 0 ? null : $"'ip netns list' failed: {output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"the 'ip' command (iproute2) is not available: {e.Message}";
        }
    }

    /// <summary>Takes the worker's end of the link down (true) or up (false).</summary>
    public void SetWorkerLinkDown(bool down) => Ip("-n", Worker, "link", "set", WorkerLink, down ? "down" : "up");

    public void Dispose()
    {
        foreach (string space in new[] { Coordinator, Worker })
        {
            // Only this test's processes can be in its namespaces; end any left behind before deleting them.
            foreach (string pid in Run("ip", "netns", "pids", space).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pid, out int id))
                {
                    try
                    {
                        using var process = Process.GetProcessById(id);
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit();
                    }
                    catch (ArgumentException)
                    {
                    }
                }
            }

            Run("ip", "netns", "del", space);
        }
    }

    private static void Ip(params string[] args)
    {
        var (code, output) = Run("ip", args);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({code}): {output.Trim()}");
        }
    }

    private static (int Code, string Output) Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>A test that needs <see cref="NetworkNamespaces"/>; skipped, with the reason, where they are unavailable.</summary>
internal sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (NetworkNamespaces.Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sweep.Bench.Engine;

/// <summary>
/// Wall time and the calling thread's CPU time since creation, for <see cref="ThroughputSample"/>s.
/// Thread CPU time comes from getrusage(RUSAGE_THREAD) on Linux (microseconds); elsewhere from the
/// process's CPU time. Training runs on the calling thread, so its CPU time is the work done.
/// </summary>
internal sealed partial class CpuClock
{
    private const int RusageThread = 1;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = ThreadCpuTime();

    public TimeSpan Wall => _wall.Elapsed;

    public TimeSpan Cpu => ThreadCpuTime() - _cpuStart;

    /// <summary>The rate of <paramref name="work"/> units over the time so far.</summary>
    public ThroughputSample Rate(double work) =>
        new(work / Wall.TotalSeconds, work / Math.Max(Cpu.TotalSeconds, 1e-9));

    private static TimeSpan ThreadCpuTime()
    {
        if (OperatingSystem.IsLinux() && GetResourceUsage(RusageThread, out var usage) == 0)
        {
            long micros = (usage.UserSeconds + usage.SystemSeconds) * 1_000_000 + usage.UserMicros + usage.SystemMicros;
            return TimeSpan.FromTicks(micros * 10);
        }

        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetResourceUsage(int who, out ResourceUsage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs this class does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        private unsafe fixed long _rest[14];
    }
}

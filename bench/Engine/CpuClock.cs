using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sweep.Bench.Engine;

/// <summary>
/// Wall time and the calling thread's CPU time since creation, for <see cref="ThroughputSample"/>s.
/// Thread CPU time comes from clock_gettime(CLOCK_THREAD_CPUTIME_ID) on Linux, the scheduler's own
/// count in nanoseconds; elsewhere from the process's CPU time. Training runs on the calling thread,
/// so its CPU time is the work done. getrusage(RUSAGE_THREAD), used before, advanced in steps of the
/// 4 ms scheduler tick on the bench machine: a 60 ms slice of gemm-ab was then off by up to 7 %.
/// </summary>
internal sealed partial class CpuClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpuStart = ThreadCpuTime();

    public TimeSpan Wall => _wall.Elapsed;

    public TimeSpan Cpu => ThreadCpuTime() - _cpuStart;

    /// <summary>The rate of <paramref name="work"/> units over the time so far.</summary>
    public ThroughputSample Rate(double work) =>
        new(work / Wall.TotalSeconds, work / Math.Max(Cpu.TotalSeconds, 1e-9));

    private static TimeSpan ThreadCpuTime()
    {
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess && GetClockTime(ClockThreadCpuTime, out var time) == 0)
        {
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
        }

        return Process.GetCurrentProcess().TotalProcessorTime;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int GetClockTime(int clock, out TimeSpec time);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

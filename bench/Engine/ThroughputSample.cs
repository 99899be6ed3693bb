namespace Sweep.Bench.Engine;

/// <summary>
/// One timed run: work per wall-clock second, and per second of the process's CPU time. On a busy
/// machine the wall rate drops with the share of the core the run got; the CPU rate does not.
/// </summary>
internal readonly record struct ThroughputSample(double PerWallSecond, double PerCpuSecond)
{
    public static ThroughputSample Max(ThroughputSample a, ThroughputSample b) =>
        new(Math.Max(a.PerWallSecond, b.PerWallSecond), Math.Max(a.PerCpuSecond, b.PerCpuSecond));
}

using Sweep.Actors.Coordination;

namespace Sweep.Actors.Tests.Coordination;

public class NoWorkerWatchdogTests
{
    private static readonly DateTime T0 = ManualTime.Start;
    private static readonly TimeSpan Warn = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    [Fact]
    public void It_warns_once_after_the_grace_and_gives_up_after_the_timeout()
    {
        var watchdog = new NoWorkerWatchdog(Warn, GiveUp, T0);

        Assert.Equal(default, watchdog.Check(T0.AddSeconds(5), waiting: true));
        Assert.Equal(new WatchdogVerdict(Warn: true, GiveUp: false), watchdog.Check(T0.AddSeconds(6), waiting: true));
        Assert.Equal(default, watchdog.Check(T0.AddSeconds(30), waiting: true));
        Assert.Equal(new WatchdogVerdict(Warn: false, GiveUp: true), watchdog.Check(T0.AddSeconds(31), waiting: true));
    }

    [Fact]
    public void Without_a_timeout_it_only_warns()
    {
        var watchdog = new NoWorkerWatchdog(Warn, null, T0);

        Assert.True(watchdog.Check(T0.AddHours(1), waiting: true).Warn);
        Assert.False(watchdog.Check(T0.AddDays(1), waiting: true).GiveUp);
    }

    [Fact]
    public void Time_with_workers_or_nothing_to_wait_for_does_not_count()
    {
        var watchdog = new NoWorkerWatchdog(Warn, GiveUp, T0);

        Assert.Equal(default, watchdog.Check(T0.AddSeconds(20), waiting: false));
        Assert.Equal(default, watchdog.Check(T0.AddSeconds(21), waiting: true));
        Assert.False(watchdog.Check(T0.AddSeconds(51), waiting: true).GiveUp);
        Assert.True(watchdog.Check(T0.AddSeconds(52), waiting: true).GiveUp);
    }

    [Fact]
    public void A_worker_joining_resets_the_wait_and_the_warning()
    {
        var watchdog = new NoWorkerWatchdog(Warn, GiveUp, T0);
        Assert.True(watchdog.Check(T0.AddSeconds(6), waiting: true).Warn);

        watchdog.WorkerJoined();

        Assert.Equal(default, watchdog.Check(T0.AddSeconds(25), waiting: true));
        Assert.Equal(new WatchdogVerdict(Warn: true, GiveUp: false), watchdog.Check(T0.AddSeconds(31), waiting: true));
    }

    [Fact]
    public void Both_fire_together_when_the_timeout_is_shorter_than_the_grace()
    {
        var watchdog = new NoWorkerWatchdog(Warn, TimeSpan.FromSeconds(1), T0);

        Assert.Equal(new WatchdogVerdict(Warn: true, GiveUp: true), watchdog.Check(T0.AddSeconds(6), waiting: true));
    }
}

using Sweep.Actors.Workers;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Workers;

public class WorkerSlotsTests
{
    private static readonly TrialId A = new(1);
    private static readonly TrialId B = new(2);
    private static readonly DateTime T0 = ManualTime.Start;

    [Fact]
    public void A_slot_is_busy_from_start_to_the_end_of_the_same_trial_and_attempt()
    {
        var slots = new WorkerSlots(2, TimeSpan.FromMilliseconds(500));

        Assert.NotNull(slots.TryStart(1, A, 1));
        Assert.Equal([0], slots.Idle);
        Assert.Null(slots.TryStart(1, B, 1));
        Assert.False(slots.End(1, A, 2));
        Assert.False(slots.End(1, B, 1));
        Assert.Equal(A, slots.TrialOn(1));
        Assert.True(slots.End(1, A, 1));
        Assert.Equal([0, 1], slots.Idle);
        Assert.False(slots.End(1, A, 1));
    }

    [Fact]
    public void A_slot_that_does_not_exist_takes_nothing()
    {
        var slots = new WorkerSlots(1, TimeSpan.FromMilliseconds(500));

        Assert.Null(slots.TryStart(1, A, 1));
        Assert.Null(slots.TryStart(-1, A, 1));
        Assert.False(slots.End(3, A, 1));
        Assert.Null(slots.TrialOn(3));
    }

    [Fact]
    public void Cancelling_a_trial_signals_only_its_slot_which_stays_busy_until_it_ends()
    {
        var slots = new WorkerSlots(2, TimeSpan.FromMilliseconds(500));
        var a = slots.TryStart(0, A, 1)!.Value;
        var b = slots.TryStart(1, B, 1)!.Value;

        slots.Cancel(A);

        Assert.True(a.IsCancellationRequested);
        Assert.False(b.IsCancellationRequested);
        Assert.Empty(slots.Idle);
        slots.CancelAll();
        Assert.True(b.IsCancellationRequested);
    }

    [Fact]
    public void Progress_is_forwarded_at_most_once_per_interval_and_only_for_the_running_trial()
    {
        var slots = new WorkerSlots(1, TimeSpan.FromMilliseconds(500));
        slots.TryStart(0, A, 1);

        Assert.True(slots.ShouldForwardProgress(0, A, T0));
        Assert.False(slots.ShouldForwardProgress(0, A, T0.AddMilliseconds(499)));
        Assert.False(slots.ShouldForwardProgress(0, B, T0.AddSeconds(1)));
        Assert.True(slots.ShouldForwardProgress(0, A, T0.AddMilliseconds(500)));
    }

    [Fact]
    public void A_new_trial_on_a_slot_forwards_its_first_progress_at_once()
    {
        var slots = new WorkerSlots(1, TimeSpan.FromMilliseconds(500));
        slots.TryStart(0, A, 1);
        Assert.True(slots.ShouldForwardProgress(0, A, T0));
        slots.End(0, A, 1);

        slots.TryStart(0, B, 1);

        Assert.True(slots.ShouldForwardProgress(0, B, T0.AddMilliseconds(1)));
    }
}

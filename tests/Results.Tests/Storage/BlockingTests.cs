using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

public sealed class BlockingTests
{
    /// <summary>A context that queues continuations and never runs them, like a UI thread blocked in a wait.</summary>
    private sealed class StalledContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }
    }

    [Fact]
    public void Waiting_on_a_thread_with_a_synchronization_context_does_not_deadlock()
    {
        int result = 0;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new StalledContext());
            result = Blocking.Wait(async () =>
            {
                await Task.Yield();
                return 42;
            });
        });

        thread.Start();

        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the wait deadlocked");
        Assert.Equal(42, result);
    }
}

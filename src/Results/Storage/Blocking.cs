namespace Sweep.Results.Storage;

/// <summary>
/// Waits for Parquet.Net's async reads from the synchronous, streaming reader API. Off any
/// synchronization context (consoles, PowerShell, thread-pool threads) it waits in place; on one it
/// runs the work on the thread pool so continuations cannot deadlock on the waiting thread.
/// </summary>
internal static class Blocking
{
    public static T Wait<T>(Func<Task<T>> work) =>
        SynchronizationContext.Current is null
            ? work().GetAwaiter().GetResult()
            : Task.Run(work).GetAwaiter().GetResult();

    public static void Wait(Func<ValueTask> work)
    {
        if (SynchronizationContext.Current is null)
        {
            work().AsTask().GetAwaiter().GetResult();
        }
        else
        {
            Task.Run(() => work().AsTask()).GetAwaiter().GetResult();
        }
    }
}

using System.Collections.Concurrent;

namespace Sweep.Actors.Workers;

/// <summary>
/// A dedicated thread for one worker slot: training runs here, never on an actor's thread, so the
/// mailbox and the cluster heartbeats keep flowing while a trial computes for minutes.
/// </summary>
internal sealed class SlotThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public SlotThread(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on this slot's thread; the task completes (asynchronously) with its value or exception.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    /// <summary>Lets the thread end after its current work; callers cancel running trials first.</summary>
    public void Dispose()
    {
        _work.CompleteAdding();
    }

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }

        _work.Dispose();
    }
}

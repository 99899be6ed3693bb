using System.Management.Automation;
using System.Threading.Channels;

namespace Sweep.PsModule.Running;

/// <summary>
/// Carries output from worker threads (actors, the trainer) to the pipeline thread, the only thread
/// allowed to call Write*. Producers never block: writes go into a bounded queue, and the latest
/// progress snapshot replaces the previous one. The cmdlet calls <see cref="Run{T}"/> on the pipeline
/// thread, which drains until the work finishes.
/// </summary>
internal sealed class PipelineRelay<TProgress> : IDisposable where TProgress : class
{
    private readonly Channel<Action<PSCmdlet>> _writes;
    private readonly AutoResetEvent _wake = new(false);
    private TProgress? _latestProgress;
    private long _dropped;

    /// <param name="capacity">Writes held at most; more are dropped and counted (the run folder keeps everything).</param>
    public PipelineRelay(int capacity = 65_536)
    {
        _writes = Channel.CreateBounded<Action<PSCmdlet>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Queues a write for the pipeline thread. Any thread; never blocks.</summary>
    public void Post(Action<PSCmdlet> write)
    {
        if (!_writes.Writer.TryWrite(write))
        {
            Interlocked.Increment(ref _dropped);
        }

        _wake.Set();
    }

    /// <summary>Replaces the progress snapshot; only the newest is rendered. Any thread; never blocks.</summary>
    public void SetProgress(TProgress progress)
    {
        Volatile.Write(ref _latestProgress, progress);
        _wake.Set();
    }

    /// <summary>
    /// On the pipeline thread: relays writes and progress until <paramref name="work"/> finishes, then
    /// returns its result (or throws its exception). If writing throws (the pipeline is stopping) the
    /// work is cancelled and awaited before the exception propagates, so it never outlives the cmdlet.
    /// </summary>
    /// <param name="renderProgress">Writes a progress snapshot; called with null once at the end to complete the bars.</param>
    /// <param name="poll">Called on the pipeline thread at least every 250 ms while the work runs (e.g. to read a stop key).</param>
    public T Run<T>(Task<T> work, PSCmdlet cmdlet, CancellationTokenSource cancellation, Action<TProgress?> renderProgress, Action? poll = null)
    {
        try
        {
            while (true)
            {
                var finished = work.IsCompleted;
                poll?.Invoke();
                Drain(cmdlet, renderProgress);
                if (finished)
                {
                    break;
                }

                WaitHandle.WaitAny([_wake, ((IAsyncResult)work).AsyncWaitHandle], TimeSpan.FromMilliseconds(250));
            }

            renderProgress(null);
            var dropped = Interlocked.Read(ref _dropped);
            if (dropped > 0)
            {
                cmdlet.WriteWarning($"{dropped} results were not written to the pipeline because it fell behind; they are in the run folder.");
            }
        }
        catch
        {
            cancellation.Cancel();
            WaitQuietly(work);
            throw;
        }

        return work.GetAwaiter().GetResult();
    }

    private void Drain(PSCmdlet cmdlet, Action<TProgress?> renderProgress)
    {
        while (_writes.Reader.TryRead(out var write))
        {
            write(cmdlet);
        }

        if (Interlocked.Exchange(ref _latestProgress, null) is { } progress)
        {
            renderProgress(progress);
        }
    }

    public void Dispose() => _wake.Dispose();

    private static void WaitQuietly(Task work)
    {
        try
        {
            work.Wait();
        }
        catch (AggregateException)
        {
            // The work's own failure is secondary to the exception already propagating.
        }
    }
}

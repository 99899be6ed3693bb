using Akka.Actor;
using Sweep.Results;

namespace Sweep.Actors.Writing;

/// <summary>
/// Batches finished trials into <see cref="ResultsWriter.CommitAsync"/>: a batch closes at
/// <see cref="MaxBatch"/> records, <see cref="MaxDelay"/> after its first record, or at once when the coordinator
/// says nothing else is pending (the end of a sweep, or a one-trial sweep, waits for no batch), and one commit runs
/// at a time (off the actor thread). Only after a commit returns does the parent coordinator hear
/// <see cref="TrialsCommitted"/> and acknowledge the workers, so a coordinator killed at any moment has
/// lost no acknowledged result. The caller owns and disposes the <see cref="ResultsWriter"/>.
/// </summary>
internal sealed class ResultsWriterActor : ReceiveActor, IWithTimers
{
    public const int MaxBatch = 256;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    private readonly ResultsWriter _writer;
    private List<TrialRecord> _buffer = [];
    private bool _committing;
    private bool _flushWhenFree;

    public ResultsWriterActor(ResultsWriter writer)
    {
        _writer = writer;
        Receive<WriteTrial>(HandleWrite);
        Receive<FlushBatch>(_ => Flush());
        Receive<TrialsCommitted>(HandleCommitted);
        Receive<WriterFailed>(failed => Context.Parent.Tell(failed));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ResultsWriter writer) => Akka.Actor.Props.Create(() => new ResultsWriterActor(writer));

    private void HandleWrite(WriteTrial write)
    {
        _buffer.Add(write.Record);
        _flushWhenFree |= write.NothingElsePending;
        if (_buffer.Count >= MaxBatch || write.NothingElsePending)
        {
            Flush();
        }
        else if (!Timers.IsTimerActive("flush"))
        {
            Timers.StartSingleTimer("flush", FlushBatch.Instance, MaxDelay);
        }
    }

    private void Flush()
    {
        if (_committing || _buffer.Count == 0)
        {
            return;
        }

        Timers.Cancel("flush");
        _flushWhenFree = false;
        var batch = _buffer;
        _buffer = [];
        _committing = true;
        _writer.CommitAsync(batch, CancellationToken.None)
            .PipeTo(Self, success: () => new TrialsCommitted(batch), failure: e => new WriterFailed(e));
    }

    private void HandleCommitted(TrialsCommitted committed)
    {
        _committing = false;
        Context.Parent.Tell(committed);
        if (_buffer.Count >= MaxBatch || _flushWhenFree)
        {
            Flush();
        }
        else if (_buffer.Count > 0 && !Timers.IsTimerActive("flush"))
        {
            Timers.StartSingleTimer("flush", FlushBatch.Instance, MaxDelay);
        }
    }
}

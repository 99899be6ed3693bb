using Akka.Actor;
using Sweep.Results;

namespace Sweep.Actors.Writing;

/// <summary>
/// Coordinator -> writer (local): publish this record in the next batch. <paramref name="NothingElsePending"/>:
/// no other trial is running or waiting, so no batch will form: commit now instead of after MaxDelay.
/// </summary>
internal sealed record WriteTrial(TrialRecord Record, bool NothingElsePending = false) : INoSerializationVerificationNeeded;

/// <summary>Writer -> coordinator (local): these records are durable (their trials part is published).</summary>
internal sealed record TrialsCommitted(IReadOnlyList<TrialRecord> Records) : INoSerializationVerificationNeeded;

/// <summary>Writer -> coordinator (local): a batch could not be written; the sweep stops with this error.</summary>
internal sealed record WriterFailed(Exception Error) : INoSerializationVerificationNeeded;

/// <summary>Writer's own timer: the oldest buffered record has waited long enough.</summary>
internal sealed class FlushBatch : INoSerializationVerificationNeeded
{
    public static readonly FlushBatch Instance = new();

    private FlushBatch()
    {
    }
}

namespace Sweep.Results;

/// <summary>
/// What a compaction did: <paramref name="PartsReplaced"/> batches (part numbers) merged into
/// <paramref name="PartsWritten"/>, rewriting <paramref name="RowsWritten"/> rows over all tables.
/// <paramref name="OverlapWindow"/> is the longest time compacted and replaced parts were both visible
/// to raw globs over the part files (which could count those rows twice meanwhile).
/// </summary>
public sealed record CompactionResult(int PartsReplaced, int PartsWritten, long RowsWritten, TimeSpan OverlapWindow)
{
    public static CompactionResult None { get; } = new(0, 0, 0, TimeSpan.Zero);

    public CompactionResult Add(CompactionResult other) =>
        new(PartsReplaced + other.PartsReplaced, PartsWritten + other.PartsWritten, RowsWritten + other.RowsWritten,
            OverlapWindow > other.OverlapWindow ? OverlapWindow : other.OverlapWindow);
}

using Sweep.Engine.Training;
using Sweep.Results.Storage;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>
/// Commits finished trials to a run folder. Each <see cref="CommitAsync"/> publishes one batch as
/// part k of <c>curves</c> and <c>layers</c> (side by side), then of <c>trials</c>, the commit record;
/// each file atomically. When it returns, the batch is on disk. Trial ids already committed are skipped, so
/// committing the same result twice writes it once; the one exception is a trial committed as failed before
/// this writer opened (a resumed sweep retries it): its first new record is committed and supersedes the old row
/// (see <see cref="ResultsReader"/>), and compaction drops the old row. Holds the folder's writer lock until disposed.
/// Commits are serialized; the instance may be shared between threads.
/// </summary>
public sealed class ResultsWriter : IAsyncDisposable
{
    private readonly RunFolderLayout _layout;
    private readonly string _sweepId;
    private readonly HashSet<TrialId> _committed;
    private readonly HashSet<TrialId> _retryable;
    private readonly WriterLock _lock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _nextPart;
    private bool _disposed;

    internal ResultsWriter(RunFolderLayout layout, string sweepId, Dictionary<TrialId, TrialStatus> committed, WriterLock writerLock)
    {
        _layout = layout;
        _sweepId = sweepId;
        _committed = [.. committed.Where(p => p.Value != TrialStatus.Failed).Select(p => p.Key)];
        _retryable = [.. committed.Where(p => p.Value == TrialStatus.Failed).Select(p => p.Key)];
        _lock = writerLock;
        _nextPart = layout.NextPartNumber();
    }

    /// <summary>
    /// Whether <see cref="DisposeAsync"/> compacts a folder left with many small parts (16 or more
    /// batches with row groups under 100,000 rows). On by default.
    /// </summary>
    public bool CompactOnDispose { get; set; } = true;

    /// <summary>Trials committed so far, by this writer or before it (a retried trial counts once).</summary>
    public int CommittedCount => _committed.Count + _retryable.Count;

    /// <summary>
    /// Publishes the records whose trial id is not committed yet, or was committed as failed before this writer
    /// opened and not retried since (the first of duplicates within the batch). A failure (full disk, cancellation) leaves no trace of the batch: call again to retry.
    /// </summary>
    /// <exception cref="RunFolderException">NotWritable when a part cannot be written; the message names the file.</exception>
    public async Task CommitAsync(IReadOnlyList<TrialRecord> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var seen = new HashSet<TrialId>();
            var fresh = batch.Where(r => !_committed.Contains(r.TrialId) && seen.Add(r.TrialId)).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            // A failed attempt burns its number: a part it published but could not remove stays uncommitted until cleaned.
            int number = _nextPart++;
            int retries = fresh.Count(r => _retryable.Contains(r.TrialId));
            await PublishBatchAsync(number, fresh, retries, cancellationToken).ConfigureAwait(false);
            foreach (var record in fresh)
            {
                _committed.Add(record.TrialId);
                _retryable.Remove(record.TrialId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Merges the folder's committed small parts into parts with row groups of 100,000 rows or more
    /// (see <see cref="RunFolder.Compact"/>); commits wait meanwhile. Returns what was merged.
    /// </summary>
    /// <exception cref="RunFolderException">NotWritable when a part cannot be written; the folder stays consistent.</exception>
    public async Task<CompactionResult> CompactAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await CompactLockedAsync(2, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Compacts when the folder holds many small parts (a long sweep's commits) unless
    /// <see cref="CompactOnDispose"/> is off, then releases the
    /// writer lock. A compaction that fails leaves the folder consistent and is not reported: the next
    /// open or writer retries it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (CompactOnDispose)
            {
                await CompactLockedAsync(PartCompactor.AutomaticThreshold, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (RunFolderException)
        {
            // Compaction only merges: every committed row is still in its part.
        }
        finally
        {
            _disposed = true;
            _lock.Dispose();
            _gate.Release();
        }
    }

    private async Task<CompactionResult> CompactLockedAsync(int minimumSmallBatches, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Task.Run(() => new PartCompactor(_layout).CompactAsync(minimumSmallBatches, cancellationToken), cancellationToken).ConfigureAwait(false);
            _nextPart = Math.Max(_nextPart, _layout.NextPartNumber());
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException(RunFolderFailure.NotWritable, $"{_layout.Root}: cannot compact results: {ex.Message}", ex);
        }
    }

    private async Task PublishBatchAsync(int number, List<TrialRecord> records, int retries, CancellationToken cancellationToken)
    {
        // Curves and layers are independent files: write them side by side. Trials, the commit record, only after both.
        var curves = PointTables.Curves.RowCount(records) > 0
            ? PublishAsync(_layout.CurvesFolder, number, (stream, ct) => PointTables.Curves.WriteAsync(stream, records, _sweepId, ct), cancellationToken)
            : Task.FromResult<string?>(null);
        var layers = PointTables.Layers.RowCount(records) > 0
            ? PublishAsync(_layout.LayersFolder, number, (stream, ct) => PointTables.Layers.WriteAsync(stream, records, _sweepId, ct), cancellationToken)
            : Task.FromResult<string?>(null);
        try
        {
            await Task.WhenAll(curves, layers).ConfigureAwait(false);
            await PublishAsync(_layout.TrialsFolder, number, (stream, ct) => TrialsTable.WriteAsync(stream, records, _sweepId, retries, ct), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var published in new[] { curves, layers })
            {
                if (published.IsCompletedSuccessfully && published.Result is { } path)
                {
                    PartFiles.TryDelete(path);
                }
            }

            throw;
        }
    }

    /// <summary>Publishes one part on the thread pool; a write failure becomes NotWritable naming the file.</summary>
    private static Task<string?> PublishAsync(string folder, int number, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        Task.Run<string?>(async () =>
        {
            try
            {
                return await PartFiles.PublishAsync(folder, number, write, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RunFolderException(RunFolderFailure.NotWritable,
                    $"{Path.Combine(folder, PartFiles.FileName(number))}: cannot write results: {ex.Message}", ex);
            }
        }, cancellationToken);
}

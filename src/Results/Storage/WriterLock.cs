namespace Sweep.Results.Storage;

/// <summary>
/// Exclusive lock on a run folder, held while results are written or the folder is cleaned, so two
/// writers (usually two processes) never interleave parts or delete each other's temp files.
/// An OS file lock: it goes with the process, so a killed writer leaves no stale lock.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    /// <exception cref="RunFolderException">InUse when another writer holds it; NotWritable when the lock file cannot be created.</exception>
    public static WriterLock Acquire(RunFolderLayout layout)
    {
        try
        {
            return new WriterLock(new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (File.Exists(layout.LockPath))
        {
            throw new RunFolderException(RunFolderFailure.InUse,
                $"{layout.Root}: another process is writing results to this run folder ({ex.Message}). Stop it first, or use another output folder.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunFolderException(RunFolderFailure.NotWritable, $"{layout.Root}: cannot write to the run folder: {ex.Message}", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}

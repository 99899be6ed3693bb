namespace Sweep.Results;

/// <summary>Why a run folder cannot be opened or written.</summary>
public enum RunFolderFailure
{
    /// <summary>The folder or its sweep.json does not exist.</summary>
    NotFound,

    /// <summary>The folder holds a different sweep (another spec) and the mode does not allow that.</summary>
    SpecMismatch,

    /// <summary>The folder was written by a newer schema version than this build understands.</summary>
    NewerSchema,

    /// <summary>The folder or one of its files cannot be created or written (permissions, full disk, a file in the way).</summary>
    NotWritable,

    /// <summary>sweep.json or a part file cannot be read.</summary>
    Corrupt,

    /// <summary>Another writer (usually another process) holds the folder's writer lock.</summary>
    InUse,
}

/// <summary>A run folder that cannot be used; the message names the folder or file and what to do.</summary>
public sealed class RunFolderException(RunFolderFailure reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public RunFolderFailure Reason { get; } = reason;
}

namespace Sweep.Results;

/// <summary>How <see cref="RunFolder.Open"/> treats a folder that may already hold results.</summary>
public enum RunFolderMode
{
    /// <summary>Start a sweep. An existing folder of the same sweep is resumed; one of a different sweep is refused.</summary>
    New,

    /// <summary>Continue the sweep in an existing folder: its finished trials are not run again.</summary>
    Resume,

    /// <summary>Continue with a changed spec (e.g. new axis values): finished trials are kept, sweep.json records the new spec.</summary>
    Extend,

    /// <summary>Delete the folder's results and start over.</summary>
    Fresh,
}

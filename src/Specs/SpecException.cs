namespace Sweep.Specs;

/// <summary>
/// A spec that cannot run. <see cref="Errors"/> holds every problem found, not just the first;
/// the message lists them one per line as "source:line:col: path: message".
/// </summary>
public sealed class SpecException : Exception
{
    public SpecException(string sourceName, IReadOnlyList<SpecError> errors)
        : base(FormatMessage(sourceName, errors))
    {
        SourceName = sourceName;
        Errors = errors;
    }

    /// <summary>The file name, or what the caller called the spec (e.g. "hashtable").</summary>
    public string SourceName { get; }

    public IReadOnlyList<SpecError> Errors { get; }

    private static string FormatMessage(string sourceName, IReadOnlyList<SpecError> errors)
    {
        string header = errors.Count == 1 ? $"1 error in spec {sourceName}:" : $"{errors.Count} errors in spec {sourceName}:";
        return header + string.Concat(errors.Select(e => Environment.NewLine + sourceName + (e.Line is null ? ": " : ":") + e));
    }
}

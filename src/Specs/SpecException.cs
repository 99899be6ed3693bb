using System.Globalization;

namespace Sweep.Specs;

/// <summary>
/// A spec that cannot run. <see cref="Errors"/> holds the problems found, not just the first: at most
/// <see cref="MaxReported"/>, the first by position; <see cref="TotalErrors"/> counts them all. The
/// message lists the reported ones one per line as "source:line:col: path: message", then
/// "... and N more" when some were left out.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>The most errors one exception reports (and a parser keeps in memory).</summary>
    public const int MaxReported = 100;

    public SpecException(string sourceName, IReadOnlyList<SpecError> errors)
        : this(sourceName, errors, errors?.Count ?? 0, invalidText: false)
    {
    }

    /// <param name="totalErrors">Every error found; <paramref name="errors"/> may hold only the first of them.</param>
    /// <param name="invalidText">The spec is not text the parser can read (invalid UTF-8), rather than a spec with wrong settings.</param>
    public SpecException(string sourceName, IReadOnlyList<SpecError> errors, int totalErrors, bool invalidText)
        : base(FormatMessage(sourceName, Capped(errors), Math.Max(totalErrors, errors?.Count ?? 0)))
    {
        SourceName = sourceName;
        Errors = Capped(errors);
        TotalErrors = Math.Max(totalErrors, errors!.Count);
        InvalidText = invalidText;
    }

    /// <summary>The file name, or what the caller called the spec (e.g. "hashtable").</summary>
    public string SourceName { get; }

    /// <summary>The reported errors: at most <see cref="MaxReported"/>.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    /// <summary>Every error found, reported or not.</summary>
    public int TotalErrors { get; }

    /// <summary>True when the spec's bytes are not valid UTF-8 text (the error gives the byte offset).</summary>
    public bool InvalidText { get; }

    private static IReadOnlyList<SpecError> Capped(IReadOnlyList<SpecError>? errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count <= MaxReported ? errors : [.. errors.Take(MaxReported)];
    }

    private static string FormatMessage(string sourceName, IReadOnlyList<SpecError> errors, int total)
    {
        string header = total == 1 ? $"1 error in spec {sourceName}:" : string.Create(CultureInfo.InvariantCulture, $"{total:N0} errors in spec {sourceName}:");
        string more = total > errors.Count
            ? Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"{sourceName}: ... and {total - errors.Count:N0} more")
            : "";
        return header + string.Concat(errors.Select(e => Environment.NewLine + sourceName + (e.Line is null ? ": " : ":") + e)) + more;
    }
}

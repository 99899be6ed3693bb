using System.Globalization;

namespace Sweep.Results.Storage;

/// <summary>
/// Part files of one table folder (<c>trials/</c>, <c>curves/</c>, <c>layers/</c>): <c>part-NNNNN.parquet</c>,
/// published atomically. A part is written under a hidden temp name (<c>.part-NNNNN.&lt;guid&gt;.tmp</c>:
/// the leading dot makes Spark and pyarrow skip it, the extension keeps it out of DuckDB's
/// <c>*.parquet</c> globs), flushed to disk and renamed, so a reader sees a part complete or not at all.
/// </summary>
internal static class PartFiles
{
    private const string Prefix = "part-";
    private const string Extension = ".parquet";

    public static string FileName(int number) => $"{Prefix}{number.ToString("D5", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>The number of a published part file name, or false for anything else.</summary>
    public static bool TryParseNumber(string fileName, out int number)
    {
        number = 0;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length);
        return digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>Published parts of a folder by number (empty when the folder does not exist).</summary>
    public static SortedDictionary<int, string> List(string folder)
    {
        var parts = new SortedDictionary<int, string>();
        if (!Directory.Exists(folder))
        {
            return parts;
        }

        foreach (string path in Directory.EnumerateFiles(folder, Prefix + "*" + Extension))
        {
            if (TryParseNumber(Path.GetFileName(path), out int number))
            {
                parts[number] = path;
            }
        }

        return parts;
    }

    /// <summary>Leftover temp files of interrupted writes.</summary>
    public static IEnumerable<string> TempFiles(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "." + Prefix + "*.tmp") : [];

    /// <summary>
    /// Writes part <paramref name="number"/> of <paramref name="folder"/> with <paramref name="write"/> and
    /// publishes it: temp file, flush to disk, rename. Never replaces an existing part. On failure the
    /// temp file is removed and nothing is published.
    /// </summary>
    public static async Task<string> PublishAsync(string folder, int number, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string tempPath = await WriteTempAsync(folder, number, write, cancellationToken).ConfigureAwait(false);
        try
        {
            return Publish(tempPath, folder, number);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>
    /// Writes the content of part <paramref name="number"/> to a hidden temp file of <paramref name="folder"/>,
    /// flushed to disk, and returns its path; <see cref="Publish"/> makes it visible. On failure the temp file is removed.
    /// </summary>
    public static async Task<string> WriteTempAsync(string folder, int number, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        string tempPath = Path.Combine(folder, $".{Prefix}{number.ToString("D5", CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return tempPath;
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Renames a temp file of <see cref="WriteTempAsync"/> to part <paramref name="number"/> (one rename(2)); never replaces an existing part.</summary>
    public static string Publish(string tempPath, string folder, int number)
    {
        string finalPath = Path.Combine(folder, FileName(number));
        File.Move(tempPath, finalPath, overwrite: false);
        return finalPath;
    }

    /// <summary>
    /// Takes a published part out of sight with one rename to a temp-file name (which every reader skips and
    /// repair deletes): on ext4 a rename is about 50 times quicker than an unlink after a flush. Returns the
    /// new path, or null when the rename failed (the part stays where it was).
    /// </summary>
    public static string? TryHide(string path)
    {
        string folder = Path.GetDirectoryName(path)!;
        if (!TryParseNumber(Path.GetFileName(path), out int number))
        {
            return null;
        }

        string hidden = Path.Combine(folder, $".{Prefix}{number.ToString("D5", CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Move(path, hidden, overwrite: false);
            return hidden;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

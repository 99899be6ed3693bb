using System.Collections;
using System.Text;
using Sweep.Specs.Parsing;

namespace Sweep.Specs;

/// <summary>
/// Reads and validates a sweep spec from JSON text, a JSON file, or a PowerShell hashtable / .psd1
/// structure. Every entry point throws <see cref="SpecException"/> listing every problem found.
/// </summary>
public static class SpecParser
{
    /// <param name="json">The spec text (comments and trailing commas allowed).</param>
    /// <param name="sourceName">What errors call the spec, usually its file name.</param>
    public static SweepSpec Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ParseUtf8(Encoding.UTF8.GetBytes(json), sourceName);
    }

    public static SweepSpec ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length;
            if (length > SpecLimits.MaxSpecBytes)
            {
                throw new SpecException(path, [SpecLimits.TooLarge(length)]);
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SpecException(path, [new SpecError("", $"cannot read the spec file: {e.Message}", null, null)]);
        }

        return ParseUtf8(bytes, path);
    }

    /// <summary>
    /// A spec given as nested dictionaries (PowerShell <c>@{ name = 'x'; axes = @{ optimizer = 'sgd', 'adam' } }</c>
    /// or <c>Import-PowerShellDataFile</c>): lists may be arrays or any IList, keys are case-insensitive.
    /// </summary>
    public static SweepSpec FromDictionary(IDictionary dictionary, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var errors = new SpecErrorList();
        SpecNode root = DictionarySpecReader.Read(dictionary, "", errors);
        return SpecBuilder.Build(root, errors, sourceName);
    }

    private static SweepSpec ParseUtf8(byte[] utf8, string sourceName)
    {
        if (utf8.Length > SpecLimits.MaxSpecBytes)
        {
            throw new SpecException(sourceName, [SpecLimits.TooLarge(utf8.Length)]);
        }

        var errors = new SpecErrorList();
        if (JsonSpecReader.CheckUtf8(utf8) is { } encoding)
        {
            errors.Add(encoding);
            throw errors.ToException(sourceName, invalidText: true);
        }

        SpecNode? root = JsonSpecReader.Read(utf8, errors);
        if (root is null)
        {
            throw errors.ToException(sourceName);
        }

        return SpecBuilder.Build(root, errors, sourceName);
    }
}

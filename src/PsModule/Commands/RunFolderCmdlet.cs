using System.Management.Automation;
using Sweep.PsModule.Errors;

namespace Sweep.PsModule.Commands;

/// <summary>
/// A cmdlet that reads run folders. -Path takes several folders and wildcards and binds from the
/// pipeline (strings by value; the module's own objects by their Path property); -LiteralPath takes
/// folders as typed and binds the PSPath of Get-Item / Get-ChildItem output.
/// </summary>
public abstract class RunFolderCmdlet : SweepCmdlet
{
    public const string PathSet = "Path";
    public const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [Alias("OutputPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>
    /// The full paths of the folders this record names, wildcards expanded (to folders only) and
    /// duplicates kept once. A pattern that matches nothing writes RunFolderNotFound and yields nothing.
    /// </summary>
    private protected IReadOnlyList<string> RunFolderPaths()
    {
        var folders = new List<string>();
        if (ParameterSetName == LiteralPathSet)
        {
            folders.AddRange(LiteralPath.Select(FileSystemPath));
        }
        else
        {
            foreach (var path in Path)
            {
                folders.AddRange(Resolve(path));
            }
        }

        return folders.Distinct(StringComparer.Ordinal).ToList();
    }

    private IEnumerable<string> Resolve(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            return [FileSystemPath(path)];
        }

        try
        {
            var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _)
                .Where(Directory.Exists)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (matches.Count > 0)
            {
                return matches;
            }
        }
        catch (ItemNotFoundException)
        {
            // Reported below, as for a pattern that matched only files.
        }

        WriteError(SweepErrors.RunFolderNotFound(path, wildcard: true));
        return [];
    }
}

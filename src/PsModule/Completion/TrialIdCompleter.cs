using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Sweep.Results;

namespace Sweep.PsModule.Completion;

/// <summary>
/// Completes -TrialId with the committed trial ids of the run folder already given to -Path on the
/// same command line. Offers nothing while -Path is missing or names no run folder.
/// </summary>
public sealed class TrialIdCompleter : IArgumentCompleter
{
    /// <summary>Ids offered at most; a sweep can hold millions.</summary>
    private const int MaxCompletions = 500;

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var path = fakeBoundParameters["Path"] switch
        {
            string text => text,
            string[] { Length: > 0 } texts => texts[0],
            _ => null,
        };
        if (path is null)
        {
            return [];
        }

        path = Path.GetFullPath(path, CurrentLocation());
        if (!Directory.Exists(path))
        {
            return [];
        }

        var prefix = wordToComplete.Trim('\'', '"');
        try
        {
            return RunFolder.OpenExisting(path).CommittedTrialIds()
                .Select(id => id.ToString())
                .Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Take(MaxCompletions)
                .Select(id => new CompletionResult(id, id, CompletionResultType.ParameterValue, id))
                .ToList();
        }
        catch (RunFolderException)
        {
            return [];
        }
    }

    /// <summary>PowerShell's file-system location, which is not the process's working directory.</summary>
    private static string CurrentLocation()
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand(@"Microsoft.PowerShell.Management\Get-Location").AddParameter("PSProvider", "FileSystem");
        return shell.Invoke<PathInfo>().FirstOrDefault()?.ProviderPath ?? Environment.CurrentDirectory;
    }
}

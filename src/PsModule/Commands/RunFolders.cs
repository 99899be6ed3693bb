using Sweep.Analysis;
using Sweep.PsModule.Errors;
using Sweep.Results;

namespace Sweep.PsModule.Commands;

/// <summary>Opening run folders for the reading cmdlets, with the module's error records.</summary>
internal static class RunFolders
{
    /// <summary>The run folder at <paramref name="fullPath"/>, or null after writing a non-terminating error.</summary>
    public static RunFolder? TryOpen(SweepCmdlet cmdlet, string fullPath)
    {
        if (!Directory.Exists(fullPath))
        {
            cmdlet.WriteError(SweepErrors.RunFolderNotFound(fullPath));
            return null;
        }

        try
        {
            return RunFolder.OpenExisting(fullPath);
        }
        catch (RunFolderException e)
        {
            cmdlet.WriteError(SweepErrors.RunFolder(e, fullPath));
            return null;
        }
    }

    /// <summary>The analysis of the run folder at <paramref name="fullPath"/>, or null after writing a non-terminating error.</summary>
    public static SweepAnalysis? TryAnalyze(SweepCmdlet cmdlet, string fullPath, double? targetLoss)
    {
        if (TryOpen(cmdlet, fullPath) is not { } folder)
        {
            return null;
        }

        try
        {
            return SweepAnalysis.Load(folder, new AnalysisOptions { TargetLoss = targetLoss });
        }
        catch (RunFolderException e)
        {
            cmdlet.WriteError(SweepErrors.RunFolder(e, fullPath));
            return null;
        }
    }
}

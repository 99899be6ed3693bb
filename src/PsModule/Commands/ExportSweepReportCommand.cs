using System.Management.Automation;
using Sweep.Analysis;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Export-SweepReport: writes a self-contained HTML report of a run folder (ranking, factor effects,
/// diagnoses, curves) and returns the file.
/// </summary>
[Cmdlet(VerbsData.Export, "SweepReport", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSweepReportCommand : RunFolderCmdlet
{
    private readonly RunFolderSet _folders = new();

    /// <summary>The HTML file; default report.html in each run folder. Only with a single run folder.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    /// <summary>Collects folders only: each folder gets one report, however many trials name it.</summary>
    protected override void ProcessRecord() => _folders.AddRange(RunFolderPaths());

    protected override void EndProcessing()
    {
        var folders = _folders.ToList();
        if (OutFile is not null && folders.Count > 1)
        {
            throw Terminate(new ErrorRecord(
                new ArgumentException($"-OutFile names one file, but {folders.Count} run folders were given; leave -OutFile out to write report.html in each folder."),
                "OutFileForSeveralFolders", ErrorCategory.InvalidArgument, OutFile));
        }

        foreach (var path in folders)
        {
            var file = FileSystemPath(OutFile ?? System.IO.Path.Combine(path, "report.html"));
            if (ShouldProcess(file, "Write sweep report") && WriteReport(this, path, file, TargetLoss) is { } written)
            {
                WriteObject(written);
            }
        }
    }

    /// <summary>Analyses the run folder and writes the report; null after writing an error.</summary>
    internal static FileInfo? WriteReport(SweepCmdlet cmdlet, string runPath, string file, double? targetLoss)
    {
        if (RunFolders.TryAnalyze(cmdlet, runPath, targetLoss) is not { } analysis)
        {
            return null;
        }

        HtmlReport.Write(analysis, file);
        return new FileInfo(file);
    }
}

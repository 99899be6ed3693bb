using System.Management.Automation;
using Sweep.Analysis;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Export-SweepReport: writes a self-contained HTML report of a run folder (ranking, factor effects,
/// diagnoses, curves) and returns the file.
/// </summary>
[Cmdlet(VerbsData.Export, "SweepReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSweepReportCommand : SweepCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("OutputPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The HTML file; default report.html in the run folder.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    protected override void ProcessRecord()
    {
        var path = FileSystemPath(Path);
        var file = FileSystemPath(OutFile ?? System.IO.Path.Combine(path, "report.html"));
        if (!ShouldProcess(file, "Write sweep report"))
        {
            return;
        }

        if (WriteReport(this, path, file, TargetLoss) is { } written)
        {
            WriteObject(written);
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

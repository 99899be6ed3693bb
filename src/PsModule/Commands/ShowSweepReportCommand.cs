using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using Sweep.PsModule.Errors;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Show-SweepReport: writes the HTML report of a run folder (as Export-SweepReport does, to
/// report.html in the folder) and opens it in the default browser.
/// </summary>
[Cmdlet(VerbsCommon.Show, "SweepReport", DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ShowSweepReportCommand : RunFolderCmdlet
{
    private readonly RunFolderSet _folders = new();

    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    /// <summary>Also returns the report file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Collects folders only: each folder's report is opened once, however many trials name it.</summary>
    protected override void ProcessRecord() => _folders.AddRange(RunFolderPaths());

    protected override void EndProcessing()
    {
        foreach (var path in _folders)
        {
            Show(path);
        }
    }

    private void Show(string path)
    {
        var file = System.IO.Path.Combine(path, "report.html");
        if (ExportSweepReportCommand.WriteReport(this, path, file, TargetLoss) is not { } written)
        {
            return;
        }

        if (OperatingSystem.IsLinux() && !HasDesktop())
        {
            WriteError(SweepErrors.CannotOpenReport(new PlatformNotSupportedException("There is no desktop session (DISPLAY and WAYLAND_DISPLAY are unset) to open a browser in."), written.FullName));
        }
        else
        {
            Open(written.FullName);
        }

        if (PassThru)
        {
            WriteObject(written);
        }
    }

    private static bool HasDesktop() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private void Open(string file)
    {
        try
        {
            using var viewer = Process.Start(new ProcessStartInfo(file) { UseShellExecute = true });
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            WriteError(SweepErrors.CannotOpenReport(e, file));
        }
    }
}

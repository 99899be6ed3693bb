using System.Management.Automation;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Running;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Stop-Sweep: stops sweeps started with Start-Sweep -AsJob, the same way Ctrl+C stops a foreground
/// one (finished trials published, the run folder resumable), and waits until they have stopped.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "Sweep", DefaultParameterSetName = JobSet, SupportsShouldProcess = true)]
[OutputType(typeof(SweepSummaryView))]
public sealed class StopSweepCommand : SweepCmdlet
{
    public const string JobSet = "Job";
    public const string PathSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = JobSet)]
    [ValidateNotNull]
    public Job[] Job { get; set; } = [];

    /// <summary>The run folder of a sweep job started in this session.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var jobs = ParameterSetName == PathSet ? JobsWritingTo(FileSystemPath(Path)) : Job;
        foreach (var job in jobs)
        {
            if (job is not SweepJob { OutputPath: not null } sweepJob)
            {
                WriteError(SweepErrors.NotASweepJob(job.Name));
                continue;
            }

            if (!ShouldProcess($"{sweepJob.Name} ({sweepJob.OutputPath})", "Stop sweep"))
            {
                continue;
            }

            sweepJob.StopJob();
            if (PassThru && sweepJob.Summary is { } summary)
            {
                WriteObject(PsObjects.Typed(summary, SweepSummaryView.TypeName));
            }
        }
    }

    private IReadOnlyList<Job> JobsWritingTo(string path)
    {
        var jobs = JobRepository.Jobs.OfType<SweepJob>()
            .Where(j => string.Equals(j.OutputPath, path, StringComparison.Ordinal))
            .ToList<Job>();
        if (jobs.Count == 0)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No sweep job of this session writes to '{path}'."),
                "SweepJobNotFound", ErrorCategory.ObjectNotFound, path));
        }

        return jobs;
    }
}

using System.Management.Automation;
using Sweep.Actors;
using Sweep.Engine.Training;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Running;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepStatus: where a sweep stands. For a sweep job of this session: live counts, running
/// trials, workers and ETA. For a run folder on disk: the committed counts against the spec's total.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SweepStatus", DefaultParameterSetName = PathSet)]
[OutputType(typeof(SweepStatusView))]
public sealed class GetSweepStatusCommand : RunFolderCmdlet
{
    public const string JobSet = "Job";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = JobSet)]
    [ValidateNotNull]
    public Job[] Job { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (ParameterSetName == JobSet)
        {
            foreach (var job in Job)
            {
                if (job is SweepJob { OutputPath: not null } sweepJob)
                {
                    WriteStatus(FromJob(sweepJob));
                }
                else
                {
                    WriteError(SweepErrors.NotASweepJob(job.Name));
                }
            }

            return;
        }

        foreach (var path in RunFolderPaths())
        {
            var running = JobRepository.Jobs.OfType<SweepJob>()
                .FirstOrDefault(j => j.OutputPath == path && j.JobStateInfo.State == JobState.Running && j.LatestProgress is not null);
            if (running is not null)
            {
                WriteStatus(FromJob(running));
            }
            else if (RunFolders.TryOpen(this, path) is { } folder)
            {
                WriteStatus(FromFolder(folder));
            }
        }
    }

    private void WriteStatus(SweepStatusView status) => WriteObject(PsObjects.Typed(status, SweepStatusView.TypeName));

    private static SweepStatusView FromJob(SweepJob job)
    {
        var progress = job.LatestProgress;
        var summary = job.Summary;
        return new SweepStatusView
        {
            Name = job.Name,
            SweepId = summary?.SweepId ?? "",
            Path = job.OutputPath ?? "",
            State = job.JobStateInfo.State.ToString(),
            Total = summary?.Total ?? progress?.Total ?? 0,
            Done = summary is not null
                ? summary.Skipped + summary.Completed + summary.Diverged + summary.Failed + summary.Pruned
                : progress is null ? 0 : progress.Skipped + progress.Completed + progress.Diverged + progress.Failed + progress.Pruned,
            Completed = summary?.Completed ?? progress?.Completed ?? 0,
            Diverged = summary?.Diverged ?? progress?.Diverged ?? 0,
            Failed = summary?.Failed ?? progress?.Failed ?? 0,
            Pruned = summary?.Pruned ?? progress?.Pruned ?? 0,
            StepsSaved = summary?.StepsSaved ?? progress?.StepsSaved ?? 0,
            Running = summary is null ? progress?.Running ?? 0 : 0,
            TrialsPerMinute = progress?.TrialsPerMinute ?? 0,
            Eta = summary is null ? progress?.Eta : null,
            Workers = summary is null ? progress?.Workers ?? [] : [],
            Waiting = summary is null ? progress?.Waiting ?? [] : [],
        };
    }

    private static SweepStatusView FromFolder(Results.RunFolder folder)
    {
        var trials = folder.CreateReader().ReadTrials().ToList();
        var counts = trials
            .GroupBy(t => t.Status)
            .ToDictionary(g => g.Key, g => g.LongCount());
        var done = counts.Values.Sum();
        var total = folder.Spec.CountTrials();
        return new SweepStatusView
        {
            Name = folder.Name,
            SweepId = folder.SweepId,
            Path = folder.Path,
            State = done >= total ? "Complete" : "Incomplete",
            Total = total,
            Done = done,
            Completed = counts.GetValueOrDefault(TrialStatus.Completed),
            Diverged = counts.GetValueOrDefault(TrialStatus.Diverged),
            Failed = counts.GetValueOrDefault(TrialStatus.Failed),
            Pruned = counts.GetValueOrDefault(TrialStatus.Pruned),
            StepsSaved = Results.PrunedSteps.Saved(trials),
            Running = 0,
            TrialsPerMinute = 0,
            Eta = null,
            Workers = Array.Empty<WorkerStatus>(),
        };
    }
}

using System.Management.Automation;
using Sweep.Actors;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Running;

/// <summary>
/// A background job of Start-Sweep -AsJob or Start-SweepWorker -AsJob, added to the session's job
/// repository so Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job work on it. Output arrives
/// as typed objects while the work runs; Stop-Job cancels it and returns once the work has ended
/// (for a sweep: finished trials published, the folder resumable).
/// </summary>
public sealed class SweepJob : Job
{
    private static readonly TimeSpan JobProgressInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _cancellation = new();
    private readonly string _location;
    private readonly object _progressLock = new();
    private readonly SweepProgressRenderer? _renderer;
    private DateTime _lastProgressAt = DateTime.MinValue;
    private Task _work = Task.CompletedTask;
    private SweepProgress? _latestProgress;
    private string _statusMessage = "";

    internal SweepJob(string command, string name, string jobTypeName, string location, string? outputPath, SweepProgressRenderer? renderer)
        : base(command, name)
    {
        PSJobTypeName = jobTypeName;
        _location = location;
        OutputPath = outputPath;
        _renderer = renderer;
    }

    /// <summary>The run folder of a sweep job; null for a worker job.</summary>
    public string? OutputPath { get; }

    /// <summary>The newest progress snapshot of a sweep job; null before the first one.</summary>
    public SweepProgress? LatestProgress => Volatile.Read(ref _latestProgress);

    /// <summary>How the sweep ended; null while it runs and for worker jobs.</summary>
    public SweepSummaryView? Summary { get; private set; }

    public override string Location => _location;

    public override string StatusMessage => Volatile.Read(ref _statusMessage);

    public override bool HasMoreData =>
        Output.Count > 0 || Error.Count > 0 || Warning.Count > 0 || Verbose.Count > 0
        || Progress.Count > 0 || Information.Count > 0 || Debug.Count > 0;

    /// <summary>Cancels the work and waits until it has ended cleanly.</summary>
    public override void StopJob()
    {
        if (IsFinished(JobStateInfo.State))
        {
            return;
        }

        _cancellation.Cancel();
        try
        {
            _work.Wait();
        }
        catch (AggregateException)
        {
            // RunAsync records the failure in the job's Error stream.
        }
    }

    /// <summary>Starts <paramref name="work"/> on the thread pool; its result (a summary or nothing) ends the job.</summary>
    internal void Start(Func<SweepJob, CancellationToken, Task<SweepSummary?>> work)
    {
        SetJobState(JobState.Running);
        _work = Task.Run(() => RunAsync(work));
    }

    /// <summary>Any thread: records a progress snapshot, and adds a Write-Progress record at most once a second.</summary>
    internal void ReportProgress(SweepProgress progress)
    {
        Volatile.Write(ref _latestProgress, progress);
        var done = progress.Skipped + progress.Completed + progress.Diverged + progress.Failed + progress.Pruned;
        Volatile.Write(ref _statusMessage, $"{done} of {progress.Total} done");
        lock (_progressLock)
        {
            if (_renderer is null || DateTime.UtcNow - _lastProgressAt < JobProgressInterval)
            {
                return;
            }

            _lastProgressAt = DateTime.UtcNow;
            Progress.Add(_renderer.Render(progress)[0]);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cancellation.Cancel();
            _cancellation.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task RunAsync(Func<SweepJob, CancellationToken, Task<SweepSummary?>> work)
    {
        JobState final;
        try
        {
            var summary = await work(this, _cancellation.Token).ConfigureAwait(false);
            if (summary is not null)
            {
                Summary = SweepSummaryView.From(summary);
                Volatile.Write(ref _statusMessage, $"{summary.Skipped + summary.Completed + summary.Diverged + summary.Failed + summary.Pruned} of {summary.Total} done");
            }

            final = _cancellation.IsCancellationRequested ? JobState.Stopped : JobState.Completed;
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            final = JobState.Stopped;
        }
        catch (Exception e)
        {
            Error.Add(SweepErrors.From(e, "SweepJobFailed", OutputPath ?? _location));
            final = JobState.Failed;
        }

        if (_renderer is not null)
        {
            lock (_progressLock)
            {
                Progress.Add(_renderer.Render(null)[^1]);
            }
        }

        SetJobState(final);
    }

    private static bool IsFinished(JobState state) =>
        state is JobState.Completed or JobState.Failed or JobState.Stopped;
}

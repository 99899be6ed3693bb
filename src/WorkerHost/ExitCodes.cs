using Sweep.Actors;

namespace Sweep.WorkerHost;

/// <summary>sweep-worker's exit codes (also printed by --help and listed in the README): scripts branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Finished: every trial completed or diverged (a diverged trial is a result), or a worker left on request.</summary>
    public const int Done = 0;

    /// <summary>Could not run: refused by the coordinator, unusable TLS or run folder, no workers within --no-worker-timeout, ...</summary>
    public const int Error = 1;

    public const int BadArguments = 2;

    /// <summary>coordinate: stopped by Ctrl+C or SIGTERM; the run folder can be resumed.</summary>
    public const int Cancelled = 3;

    /// <summary>coordinate: finished, and some trials were committed as failed (resume retries them).</summary>
    public const int SomeTrialsFailed = 4;

    /// <summary>coordinate: finished, and every trial that ran failed.</summary>
    public const int AllTrialsFailed = 5;

    public static int Of(SweepSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Cancelled ? Cancelled
            : summary.AllFailed ? AllTrialsFailed
            : summary.Failed > 0 ? SomeTrialsFailed
            : Done;
    }
}

using Sweep.Results;

namespace Sweep.Actors;

/// <summary>
/// Receives a running sweep's news. Called from actor threads: implementations must be thread-safe
/// and must not block (enqueue and return).
/// </summary>
public interface ISweepObserver
{
    /// <summary>A trial's record is durable in the run folder (completed, diverged or failed).</summary>
    void OnTrialFinished(TrialRecord record);

    /// <summary>Throttled to about four calls a second.</summary>
    void OnProgress(SweepProgress progress);

    /// <summary>
    /// Warnings: something the user may need to act on or should know went wrong, e.g. "no workers connected",
    /// a worker refused, unreachable or declining a trial (data missing), a trial that threw or passed its deadline.
    /// </summary>
    void OnMessage(string message);

    /// <summary>
    /// Informational notices of normal operation, e.g. a worker joined or left the cluster. Ignored unless
    /// implemented (Start-Sweep shows them with -Verbose).
    /// </summary>
    void OnNotice(string notice)
    {
    }
}

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

    /// <summary>Warnings and notable events, e.g. "no workers connected", a worker refused or lost, a trial retried.</summary>
    void OnMessage(string message);
}

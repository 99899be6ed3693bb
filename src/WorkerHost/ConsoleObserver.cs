using Sweep.Actors;
using Sweep.Results;

namespace Sweep.WorkerHost;

/// <summary>
/// Prints a headless sweep's news: one "finished" line per durable trial (scripts and tests read them:
/// "finished TRIAL STATUS attempts=N worker=NAME host=HOST[ error=...]", the worker fields without spaces),
/// notices, warnings (prefixed "warning: "), and a progress line at most every <see cref="ProgressInterval"/>.
/// Console writes are synchronized, so it is safe on actor threads.
/// </summary>
internal sealed class ConsoleObserver : ISweepObserver
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private DateTime _lastProgress = DateTime.MinValue;

    public void OnTrialFinished(TrialRecord record) =>
        Write($"finished {record.TrialId} {record.Status.ToString().ToLowerInvariant()} attempts={record.Attempts} worker={record.Worker} host={record.WorkerHost}"
            + (record.Error is null ? "" : $" error={record.Error}")
            + (record.StopRule is null ? "" : $" steps_run={record.Summary.StepsRun} stop_rule={record.StopRule}"));

    public void OnProgress(SweepProgress progress)
    {
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            if (now - _lastProgress < ProgressInterval)
            {
                return;
            }

            _lastProgress = now;
        }

        string eta = progress.Eta is { } e ? $" eta {e:hh\\:mm\\:ss}" : "";
        Write($"progress total={progress.Total} skipped={progress.Skipped} queued={progress.Queued} running={progress.Running} "
            + $"completed={progress.Completed} diverged={progress.Diverged} failed={progress.Failed} pruned={progress.Pruned} steps_saved={progress.StepsSaved} "
            + $"workers={progress.Workers.Count} {progress.TrialsPerMinute:0.0}/min{eta}{Waiting(progress)}");
    }

    public void OnMessage(string message) => Write("warning: " + message);

    /// <summary>" waiting=2 (dataset file '/data/x.csv' not found)": trials every connected worker declined, and why.</summary>
    private static string Waiting(SweepProgress progress) =>
        progress.Waiting.Count == 0
            ? ""
            : $" waiting={progress.Waiting.Count} ({string.Join("; ", progress.Waiting.Select(w => w.Reason).Distinct(StringComparer.Ordinal).Take(3))})";

    public void OnNotice(string notice) => Write(notice);

    private void Write(string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}

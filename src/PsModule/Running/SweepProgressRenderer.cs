using System.Globalization;
using System.Management.Automation;
using System.Text;
using Sweep.Actors;

namespace Sweep.PsModule.Running;

/// <summary>
/// Turns <see cref="SweepProgress"/> snapshots into Write-Progress records: one bar for the sweep
/// (done of total, running, diverged, failed, rate, ETA) and a child bar per worker. Remembers which
/// worker bars it opened so that it can complete the bars of workers that left. Not thread-safe.
/// </summary>
internal sealed class SweepProgressRenderer(string sweepName, int activityId = 1)
{
    private readonly Dictionary<string, int> _workerActivityIds = new(StringComparer.Ordinal);
    private int _nextActivityId = activityId + 1;

    /// <summary>The records that show <paramref name="progress"/>; null completes every bar.</summary>
    public IReadOnlyList<ProgressRecord> Render(SweepProgress? progress)
    {
        var records = new List<ProgressRecord>();
        if (progress is null)
        {
            records.AddRange(_workerActivityIds.Values.Select(id => Completed(id, "Worker")));
            _workerActivityIds.Clear();
            records.Add(Completed(activityId, $"Sweep {sweepName}"));
            return records;
        }

        records.Add(Sweep(progress));
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var worker in progress.Workers)
        {
            present.Add(worker.Address);
            if (!_workerActivityIds.TryGetValue(worker.Address, out var id))
            {
                id = _nextActivityId++;
                _workerActivityIds[worker.Address] = id;
            }

            records.Add(Worker(worker, id));
        }

        foreach (var gone in _workerActivityIds.Keys.Where(a => !present.Contains(a)).ToList())
        {
            records.Add(Completed(_workerActivityIds[gone], $"Worker {gone}"));
            _workerActivityIds.Remove(gone);
        }

        return records;
    }

    private ProgressRecord Sweep(SweepProgress p)
    {
        var record = new ProgressRecord(activityId, $"Sweep {sweepName}", Status(p))
        {
            PercentComplete = p.Total == 0 ? 100 : (int)Math.Clamp(100 * Done(p) / p.Total, 0, 100),
        };
        return record;
    }

    private static long Done(SweepProgress p) => p.Skipped + p.Completed + p.Diverged + p.Failed + p.Pruned;

    /// <summary>
    /// "11/24 done, 2 running, 3 pruned (4.5k steps saved), 33/min, ETA 0:24" (pruned, diverged, failed and waiting only when there are any): short
    /// enough that an 80-column console shows all of it. The ETA is part of the text rather than
    /// SecondsRemaining, which the console appends to the cut status without a separator.
    /// </summary>
    internal static string Status(SweepProgress p)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Done(p)}/{p.Total} done, {p.Running} running");
        if (p.Pruned > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {p.Pruned} pruned ({Steps(p.StepsSaved)} steps saved)");
        }

        if (p.Diverged > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {p.Diverged} diverged");
        }

        if (p.Failed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {p.Failed} failed");
        }

        if (p.Waiting.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {p.Waiting.Count} waiting for data");
        }

        text.Append(CultureInfo.InvariantCulture, $", {p.TrialsPerMinute:0.#}/min");
        if (p.Eta is { } eta)
        {
            text.Append(", ETA ").Append(FormatDuration(eta));
        }

        return text.ToString();
    }

    /// <summary>"0:24", "12:05", "3:12:05", "2d 3h".</summary>
    internal static string FormatDuration(TimeSpan span)
    {
        if (span.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h");
        }

        var seconds = (long)Math.Ceiling(span.TotalSeconds);
        return seconds >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600}:{seconds / 60 % 60:00}:{seconds % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}:{seconds % 60:00}");
    }

    private ProgressRecord Worker(WorkerStatus worker, int id)
    {
        var trials = worker.RunningTrials.Count == 0
            ? "idle"
            : string.Join(", ", worker.RunningTrials.Select(Describe));
        var record = new ProgressRecord(id, $"Worker {worker.Address}", $"{worker.Busy}/{worker.Slots} busy: {trials}")
        {
            ParentActivityId = activityId,
            PercentComplete = worker.Slots == 0 ? 0 : Math.Clamp(100 * worker.Busy / worker.Slots, 0, 100),
        };
        return record;
    }

    /// <summary>"44f0709f 20317/40000", or "44f0709f starting" before the worker's first step report.</summary>
    internal static string Describe(RunningTrial trial)
    {
        var id = trial.TrialId.ToString()[..8];
        return trial.TotalSteps == 0
            ? $"{id} starting"
            : string.Create(CultureInfo.InvariantCulture, $"{id} {trial.Step}/{trial.TotalSteps}");
    }

    /// <summary>"950", "4.5k", "12M": steps in a few characters.</summary>
    internal static string Steps(long steps) => steps switch
    {
        < 1_000 => steps.ToString(CultureInfo.InvariantCulture),
        < 1_000_000 => (steps / 1_000.0).ToString(steps < 10_000 ? "0.#" : "0", CultureInfo.InvariantCulture) + "k",
        _ => (steps / 1_000_000.0).ToString(steps < 10_000_000 ? "0.#" : "0", CultureInfo.InvariantCulture) + "M",
    };

    private static ProgressRecord Completed(int id, string activity) =>
        new(id, activity, "done") { RecordType = ProgressRecordType.Completed };
}

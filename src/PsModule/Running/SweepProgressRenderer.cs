using System.Globalization;
using System.Management.Automation;
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
        var done = p.Skipped + p.Completed + p.Diverged + p.Failed;
        var status = string.Create(CultureInfo.InvariantCulture,
            $"{done} of {p.Total} done, {p.Running} running, {p.Diverged} diverged, {p.Failed} failed, {p.TrialsPerMinute:0.#} trials/min");
        var record = new ProgressRecord(activityId, $"Sweep {sweepName}", status)
        {
            PercentComplete = p.Total == 0 ? 100 : (int)Math.Clamp(100 * done / p.Total, 0, 100),
        };
        if (p.Eta is { } eta)
        {
            record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(eta.TotalSeconds));
        }

        return record;
    }

    private ProgressRecord Worker(WorkerStatus worker, int id)
    {
        var trials = worker.RunningTrials.Count == 0
            ? "idle"
            : string.Join(", ", worker.RunningTrials.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.TrialId[..Math.Min(8, t.TrialId.Length)]} step {t.Step}/{t.TotalSteps}")));
        var record = new ProgressRecord(id, $"Worker {worker.Address}", $"{worker.Busy}/{worker.Slots} busy: {trials}")
        {
            ParentActivityId = activityId,
            PercentComplete = worker.Slots == 0 ? 0 : Math.Clamp(100 * worker.Busy / worker.Slots, 0, 100),
        };
        return record;
    }

    private static ProgressRecord Completed(int id, string activity) =>
        new(id, activity, "done") { RecordType = ProgressRecordType.Completed };
}

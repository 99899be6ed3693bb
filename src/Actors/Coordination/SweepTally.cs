using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Coordination;

/// <summary>
/// A sweep's counts and progress: trials counted when their results are durable (so the counts match the run
/// folder), the last progress report of each running trial, the rate and the estimated time left.
/// <paramref name="total"/> counts every trial of the spec; <paramref name="skipped"/> were done before this run.
/// </summary>
internal sealed class SweepTally(long total, long skipped)
{
    private readonly Dictionary<TrialId, (long Step, long Total, double TrainLoss)> _progress = [];
    private readonly Dictionary<TrialId, long> _budgets = [];

    public long Completed { get; private set; }

    public long Diverged { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Trials the stopping rule stopped early (status pruned).</summary>
    public long Pruned { get; private set; }

    /// <summary>Training steps the pruned trials did not take (each one's budget minus the steps it ran), less the steps trained again (steps_rerun).</summary>
    public long StepsSaved { get; private set; }

    /// <summary>The error of the first trial committed as failed.</summary>
    public string? FirstError { get; private set; }

    public long Finished => Completed + Diverged + Failed + Pruned;

    /// <summary>A running trial's budget in steps, as its worker reported it with an evaluation point (an epoch budget depends on the data).</summary>
    public void Budget(TrialId trialId, long totalSteps) => _budgets[trialId] = totalSteps;

    /// <summary>Counts a committed trial; call once per trial.</summary>
    public void Count(TrialRecord record)
    {
        // Steps trained again (asha's sync mode re-runs a promoted trial from step 0) are spent, not saved.
        StepsSaved -= record.StepsRerun;
        bool reported = _budgets.Remove(record.TrialId, out long budget);
        switch (record.Status)
        {
            case TrialStatus.Completed: Completed++; break;
            case TrialStatus.Diverged: Diverged++; break;
            case TrialStatus.Pruned:
                Pruned++;
                budget = reported ? budget : record.Config.Epochs == 0 ? record.Config.Steps : record.Summary.StepsRun;
                StepsSaved += Math.Max(0, budget - record.Summary.StepsRun);
                break;
            default:
                Failed++;
                FirstError ??= record.Error;
                break;
        }
    }

    public void Report(TrialId trialId, long step, long totalSteps, double trainLoss) => _progress[trialId] = (step, totalSteps, trainLoss);

    /// <summary>The trial left its slot (finished, failed, re-queued): its last report no longer describes a running trial.</summary>
    public void Forget(TrialId trialId) => _progress.Remove(trialId);

    /// <summary>A running trial as last reported; step 0 of 0 and NaN loss before its first report.</summary>
    public RunningTrial Running(TrialId trialId) =>
        _progress.TryGetValue(trialId, out var p) ? new RunningTrial(trialId, p.Step, p.Total, p.TrainLoss) : new RunningTrial(trialId, 0, 0, double.NaN);

    /// <summary>A worker node with the trials running on its slots, as last reported.</summary>
    public WorkerStatus Worker(string name, int slots, IEnumerable<TrialId> running)
    {
        var trials = running.Select(Running).ToList();
        return new WorkerStatus(name, slots, trials.Count, trials);
    }

    /// <summary>
    /// Progress after <paramref name="elapsed"/>, with <paramref name="running"/> trials on slots and <paramref name="pending"/>
    /// results not yet durable. The rate is this run's finished trials per minute; the ETA (null before the first
    /// result) assumes the rest goes at that rate.
    /// </summary>
    public SweepProgress Snapshot(TimeSpan elapsed, int running, int pending, IReadOnlyList<WorkerStatus> workers)
    {
        long queued = Math.Max(0, total - skipped - Finished - pending - running);
        double minutes = elapsed.TotalMinutes;
        double perMinute = minutes > 0 ? Finished / minutes : 0;
        TimeSpan? eta = perMinute > 0 ? TimeSpan.FromMinutes((queued + running + pending) / perMinute) : null;
        return new SweepProgress(total, skipped, queued, running, Completed, Diverged, Failed, perMinute, eta, workers)
        {
            Pruned = Pruned,
            StepsSaved = StepsSaved,
        };
    }

    public SweepSummary Summary(string sweepId, string outputPath, TimeSpan elapsed, bool cancelled) =>
        new(sweepId, outputPath, total, skipped, Completed, Diverged, Failed, elapsed, cancelled, FirstError)
        {
            Pruned = Pruned,
            StepsSaved = StepsSaved,
        };
}

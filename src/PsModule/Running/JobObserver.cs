using System.Management.Automation;
using Sweep.Actors;
using Sweep.Results;
using Sweep.PsModule.Views;

using Sweep.PsModule.Errors;

namespace Sweep.PsModule.Running;

/// <summary>The runner's observer for Start-Sweep -AsJob: adds to the job's streams, which any thread may do.</summary>
internal sealed class JobObserver(string runPath, IReadOnlyList<string> varyingFields, SweepJob job, bool emitTrials) : ISweepObserver
{
    private readonly ProgressTally _tally = new();

    public void OnTrialFinished(TrialRecord record)
    {
        if (emitTrials)
        {
            job.Output.Add(TrialResultView.From(record, runPath, varyingFields));
        }

        if (_tally.Count(record.Status) is { } progress)
        {
            job.ReportProgress(progress);
        }
    }

    public void OnProgress(SweepProgress progress) => job.ReportProgress(_tally.Reconcile(progress));

    public void OnMessage(string message) => job.Warning.Add(new WarningRecord(SweepErrors.InParameterTerms(message)));

    public void OnNotice(string notice) => job.Verbose.Add(new VerboseRecord(notice));
}

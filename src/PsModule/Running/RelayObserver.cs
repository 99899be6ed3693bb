using Sweep.Actors;
using Sweep.Results;
using Sweep.PsModule.Views;

using Sweep.PsModule.Errors;

namespace Sweep.PsModule.Running;

/// <summary>
/// The runner's observer for a sweep in the foreground: called on actor threads, it only queues
/// (never blocks, never writes); the cmdlet writes on the pipeline thread.
/// </summary>
internal sealed class RelayObserver(string runPath, IReadOnlyList<string> varyingFields, PipelineRelay<SweepProgress> relay, bool emitTrials) : ISweepObserver
{
    private readonly ProgressTally _tally = new();

    public void OnTrialFinished(TrialRecord record)
    {
        if (emitTrials)
        {
            var view = TrialResultView.From(record, runPath, varyingFields);
            relay.Post(cmdlet => cmdlet.WriteObject(view));
        }

        // Posted after the result, so the bar never counts fewer trials than the pipeline has shown.
        if (_tally.Count(record.Status) is { } progress)
        {
            relay.SetProgress(progress);
        }
    }

    public void OnProgress(SweepProgress progress) => relay.SetProgress(_tally.Reconcile(progress));

    public void OnMessage(string message) => relay.Post(cmdlet => cmdlet.WriteWarning(SweepErrors.InParameterTerms(message)));

    public void OnNotice(string notice) => relay.Post(cmdlet => cmdlet.WriteVerbose(notice));
}

using Sweep.Actors;
using Sweep.Results;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Running;

/// <summary>
/// The runner's observer for a sweep in the foreground: called on actor threads, it only queues
/// (never blocks, never writes); the cmdlet writes on the pipeline thread.
/// </summary>
internal sealed class RelayObserver(string runPath, PipelineRelay<SweepProgress> relay, bool emitTrials) : ISweepObserver
{
    public void OnTrialFinished(TrialRecord record)
    {
        if (emitTrials)
        {
            var view = PsObjects.Typed(TrialResultView.From(record, runPath), TrialResultView.TypeName);
            relay.Post(cmdlet => cmdlet.WriteObject(view));
        }
    }

    public void OnProgress(SweepProgress progress) => relay.SetProgress(progress);

    public void OnMessage(string message) => relay.Post(cmdlet => cmdlet.WriteWarning(message));

    public void OnNotice(string notice) => relay.Post(cmdlet => cmdlet.WriteVerbose(notice));
}

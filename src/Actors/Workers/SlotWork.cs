using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Workers;

/// <summary>What a slot's thread does with a trial, and how the worker turns a finished run into its message.</summary>
internal static class SlotWork
{
    /// <summary>Runs on the slot's thread: check the dataset is here, train, and describe how it ended (never throws).</summary>
    public static SlotEnded Run(
        WorkerSettings settings, int slot, TrialId trialId, int attempt, TrialConfig config, CancellationToken token, TrialControl control)
    {
        try
        {
            if (settings.DatasetCheck(config) is { } reason)
            {
                return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Declined(reason));
            }

            var started = DateTime.UtcNow;
            var result = settings.Runner(config, token, control);
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Finished(result, started, DateTime.UtcNow));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Cancelled());
        }
        catch (Exception e)
        {
            return new SlotEnded(slot, trialId, attempt, new SlotOutcome.Failed(Describe(e)));
        }
    }

    /// <summary>An error as the coordinator records it: the exception's type and message.</summary>
    public static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    /// <summary>The whole result message of a finished run on <paramref name="worker"/> (split by <see cref="ResultChunks"/> to send).</summary>
    public static TrialFinished Finished(SlotEnded ended, SlotOutcome.Finished run, WorkerIdentity worker) =>
        new(
            ended.Slot, ended.TrialId, ended.Attempt, run.Result.Status, worker.Name, worker.Host, run.StartedAt, run.FinishedAt,
            (run.FinishedAt - run.StartedAt).TotalSeconds, run.Result.Summary, 0, run.Result.Curve, run.Result.Layers);
}

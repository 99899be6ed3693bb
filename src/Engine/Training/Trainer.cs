using System.Diagnostics;
using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Numerics;

namespace Sweep.Engine.Training;

/// <summary>
/// Trains one trial on the calling thread. Evaluation points fall every eval_every steps, at every
/// epoch end and after the last step. Divergence (a non-finite loss or gradient norm) ends the trial
/// with <see cref="TrialStatus.Diverged"/>; it is a result, not an error. A stop request (<see cref="TrialControl"/>)
/// ends it at an evaluation point with <see cref="TrialStatus.Pruned"/>, its summary over the steps run. Nothing is shared between
/// trials except immutable data (the loader's cached datasets), so trials can run side by side.
/// </summary>
public static class Trainer
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Loads the config's dataset (<see cref="DatasetLoader.Load"/>, table files through <paramref name="tableReaders"/>) and trains on it.</summary>
    /// <exception cref="ArgumentException">The config is invalid; the message lists every "field: problem".</exception>
    /// <exception cref="DatasetException">The dataset's files cannot be used.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (checked every step).</exception>
    public static TrialResult Run(TrialConfig config, TableReaders tableReaders, CancellationToken cancellationToken = default, Action<TrialProgress>? progress = null) =>
        Run(config, tableReaders, TrialControl.Of(progress), cancellationToken);

    /// <summary>As <see cref="Run(TrialConfig, TableReaders, CancellationToken, Action{TrialProgress})"/>, watched and stoppable through <paramref name="control"/>.</summary>
    public static TrialResult Run(TrialConfig config, TableReaders tableReaders, TrialControl control, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ThrowIfInvalid(config);
        return Run(config, DatasetLoader.Load(config, tableReaders), control, cancellationToken);
    }

    /// <summary>Trains on an already loaded dataset (the config's data fields are not consulted).</summary>
    internal static TrialResult Run(TrialConfig config, Dataset data, CancellationToken cancellationToken = default, Action<TrialProgress>? progress = null) =>
        Run(config, data, TrialControl.Of(progress), cancellationToken);

    /// <summary>Trains on an already loaded dataset, watched and stoppable through <paramref name="control"/>.</summary>
    internal static TrialResult Run(TrialConfig config, Dataset data, TrialControl control, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(control);
        ThrowIfInvalid(config);
        if (data.TrainCount == 0)
        {
            throw new DatasetException($"dataset '{data.Name}': the training split is empty");
        }

        // Denormals flushed for the whole trial (DenormalFlush: they cost a microcode assist per vector instruction).
        using var flush = DenormalFlush.Enter();
        var clock = Stopwatch.StartNew();
        var session = new TrainingSession(config, data);
        var recorder = new TrialRecorder(config, session.TotalSteps, session.BatchSize, ChanceLevel.Of(data));
        var lastProgress = TimeSpan.Zero;
        bool pruned = false;
        for (long t = 0; t < session.TotalSteps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long step = t + 1;
            int epoch = (int)(t / session.StepsPerEpoch) + 1;
            bool evaluate = step % session.StepsPerEpoch == 0
                || (config.EvalEvery > 0 && step % config.EvalEvery == 0)
                || step == session.TotalSteps;
            double learningRate = session.Schedule.At(t);
            var result = session.Step(t, measureUpdate: evaluate);
            if (result.Diverged)
            {
                recorder.AddDivergence(step, epoch, clock.Elapsed.TotalSeconds, learningRate, result, session.WeightNorm());
                break;
            }

            recorder.AddStep(result.Loss, result.Clipped);
            if (evaluate)
            {
                int before = recorder.Layers.Count;
                session.AddLayerPoints(step, recorder.Layers);
                var (valLoss, valAccuracy) = session.Evaluate();
                if (recorder.AddEvaluation(step, epoch, clock.Elapsed.TotalSeconds, learningRate, result, valLoss, valAccuracy,
                        session.WeightNorm(), recorder.Layers.Count - before))
                {
                    break;
                }

                control.Evaluated(recorder.Curve[^1], session.TotalSteps);
                if (step >= control.StopAtStep && step < session.TotalSteps)
                {
                    pruned = true;
                    break;
                }
            }

            if (control.HasProgress && clock.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = clock.Elapsed;
                control.Report(new TrialProgress(step, session.TotalSteps, result.Loss));
            }
        }

        var summary = recorder.Summarize();
        control.Report(new TrialProgress(recorder.StepsRun, session.TotalSteps, summary.FinalTrainLoss));
        return new TrialResult(
            recorder.DivergedAtStep is not null ? TrialStatus.Diverged : pruned ? TrialStatus.Pruned : TrialStatus.Completed,
            recorder.Curve, recorder.Layers, summary, clock.Elapsed.TotalSeconds);
    }

    private static void ThrowIfInvalid(TrialConfig config)
    {
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid trial config: " + string.Join("; ", errors));
        }
    }
}

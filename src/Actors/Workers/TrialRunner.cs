using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Actors.Workers;

/// <summary>
/// Runs one trial on the calling thread: Trainer.Run's shape, reporting and stoppable through <paramref name="control"/>.
/// Injectable so that tests and the cluster benchmark can measure dispatch with trials that do no training.
/// </summary>
public delegate TrialResult TrialRunner(TrialConfig config, CancellationToken cancellationToken, TrialControl control);

/// <summary>Null when this machine can load the config's dataset, else why not (e.g. "file /data/x.csv not found").</summary>
public delegate string? DatasetCheck(TrialConfig config);

using Sweep.Actors.Workers;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.Actors;

/// <summary>The engine as worker slots use it: Trainer.Run, and DatasetLoader.CanResolve to decline trials whose data is not here.</summary>
internal static class EngineBindings
{
    public static readonly TrialRunner Train = (config, cancellationToken, progress) => Trainer.Run(config, cancellationToken, progress);

    public static readonly DatasetCheck CanResolve = config => DatasetLoader.CanResolve(config, out string? reason) ? null : reason;

    /// <summary>Lets slots read Parquet datasets (the engine parses csv and IDX itself). Idempotent.</summary>
    public static void RegisterTableReaders() => ParquetTables.Register();
}

using Sweep.Actors.Workers;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.Actors;

/// <summary>
/// The engine as worker slots use it, with the Parquet reader (<see cref="ParquetTables.Readers"/>): Trainer.Run, and
/// DatasetLoader.CanResolve to decline trials whose data is not here.
/// </summary>
internal static class EngineBindings
{
    public static readonly TrialRunner Train = (config, cancellationToken, control) => Trainer.Run(config, ParquetTables.Readers, control, cancellationToken);

    public static readonly DatasetCheck CanResolve = config => DatasetLoader.CanResolve(config, ParquetTables.Readers, out string? reason) ? null : reason;
}

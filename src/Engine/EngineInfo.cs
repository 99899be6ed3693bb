namespace Sweep.Engine;

/// <summary>Identity of the engine's numerics. Workers whose version differs are refused, so results never mix numerics.</summary>
public static class EngineInfo
{
    /// <summary>
    /// Bump the numerics part whenever a change can move any result bit. A change in the shape of the results a worker
    /// sends needs no bump: <see cref="Protocol"/> carries the field tables' fingerprint, so such a worker is refused at join.
    /// </summary>
    public const string Version = "0.2.0+numerics.1";

    /// <summary>Bump when the layout of the sweep messages around the records changes (2: trial ids travel as 64 bits; 3: progress reports carry the train loss; 4: registrations carry the worker's host and results its name; 5: adaptive stopping: evaluation points streamed, stop requests, assignments carry a stop step; 6: hold points: assignments carry ASHA's rungs, evaluation points say when the trial waits, and the coordinator's verdict to train on).</summary>
    public const int MessageLayout = 6;

    /// <summary>
    /// What a worker and its coordinator must agree on: the engine version, the message layout and the shape of the
    /// result records (<see cref="Training.ResultFields.WireFormat"/>), so a build with another layout is refused at join, by name.
    /// </summary>
    public static string Protocol { get; } = $"{Version}, messages {MessageLayout}, result fields {Training.ResultFields.WireFormat}";
}

namespace Sweep.Engine;

/// <summary>Identity of the engine's numerics. Workers whose version differs are refused, so results never mix numerics.</summary>
public static class EngineInfo
{
    /// <summary>Bump the numerics part whenever a change can move any result bit.</summary>
    public const string Version = "0.1.0+numerics.1";
}

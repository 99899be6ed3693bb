using Akka.Actor;

namespace Sweep.Actors.Coordination;

/// <summary>The coordinator's periodic timer: deadlines, progress, work announcements, the no-worker watch.</summary>
internal sealed class CoordinatorTick : INoSerializationVerificationNeeded
{
    public static readonly CoordinatorTick Instance = new();

    private CoordinatorTick()
    {
    }
}

/// <summary>Stop dispatching, cancel running trials, publish what finished, then end with Cancelled = true.</summary>
internal sealed class CancelSweep : INoSerializationVerificationNeeded
{
    public static readonly CancelSweep Instance = new();

    private CancelSweep()
    {
    }
}

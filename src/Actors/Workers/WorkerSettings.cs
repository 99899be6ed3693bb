using Akka.Actor;

namespace Sweep.Actors.Workers;

/// <summary>
/// How a worker node runs and who it is (<see cref="Identity"/>). <see cref="Coordinator"/> is set for slots embedded in the coordinator's own
/// actor system; null means "find the coordinator through cluster membership" (a node that joined).
/// <see cref="Exit"/> completes when such a node must stop (refused) or rejoin (coordinator lost).
/// </summary>
internal sealed record WorkerSettings(
    int Slots,
    WorkerIdentity Identity,
    string EngineVersion,
    TrialRunner Runner,
    DatasetCheck DatasetCheck,
    IActorRef? Coordinator,
    Action<string> Log,
    TaskCompletionSource<WorkerExit>? Exit);

/// <summary>Why a joined worker node left its cluster: refused by the coordinator (stop) or lost it (rejoin).</summary>
internal sealed record WorkerExit(bool Refused, string Reason);

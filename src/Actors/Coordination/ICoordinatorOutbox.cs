using Sweep.Actors.Writing;

namespace Sweep.Actors.Coordination;

/// <summary>
/// What <see cref="SweepCoordinator{TActor}"/> asks of its actor: the Akka side effects (messages to worker
/// nodes, death watch, the results writer, logging, timers). A test records them instead.
/// </summary>
internal interface ICoordinatorOutbox<in TActor>
{
    void Tell(TActor to, object message);

    void Watch(TActor node);

    void Unwatch(TActor node);

    void Write(WriteTrial write);

    /// <summary>The sweep observer threw; it must not restart the coordinator (its state would be lost), so log it.</summary>
    void ObserverThrew(Exception error);

    /// <summary>The sweep ended with a summary: stop the timers.</summary>
    void Ended();
}

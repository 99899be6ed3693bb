using Akka.Actor;
using Akka.Remote;

namespace Sweep.Actors.Tls;

/// <summary>
/// On a joining worker, passes on the remoting's failures to associate with the coordinator's address, as one
/// line each, for <see cref="JoinFailures"/> to judge; refused connections (coordinator not up) are left out.
/// </summary>
internal sealed class JoinWatchActor : ReceiveActor
{
    public JoinWatchActor(Address coordinator, Action<string> onFailed)
    {
        Receive<AssociationErrorEvent>(e =>
        {
            if (e.RemoteAddress.Host == coordinator.Host && e.RemoteAddress.Port == coordinator.Port && JoinFailures.Describe(e.Cause) is { } reason)
            {
                onFailed(reason);
            }
        });
    }

    public static Props Props(Address coordinator, Action<string> onFailed) =>
        Akka.Actor.Props.Create(() => new JoinWatchActor(coordinator, onFailed));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
}

using Akka.Actor;
using Akka.Remote;

namespace Sweep.Actors.Tls;

/// <summary>
/// On a joining worker, passes on the remoting's failures to associate with the coordinator's address, as one
/// line each, for <see cref="JoinFailures"/> to judge: refusals to <paramref name="onRefused"/>, unanswered
/// handshakes to <paramref name="onUnanswered"/>; refused connections (coordinator not up) are left out.
/// </summary>
internal sealed class JoinWatchActor : ReceiveActor
{
    public JoinWatchActor(Address coordinator, Action<string> onRefused, Action<string> onUnanswered)
    {
        Receive<AssociationErrorEvent>(e =>
        {
            if (e.RemoteAddress.Host != coordinator.Host || e.RemoteAddress.Port != coordinator.Port)
            {
                return;
            }

            if (JoinFailures.Describe(e.Cause) is { } reason)
            {
                onRefused(reason);
            }
            else if (JoinFailures.DescribeUnanswered(e.Cause) is { } unanswered)
            {
                onUnanswered(unanswered);
            }
        });
    }

    public static Props Props(Address coordinator, Action<string> onRefused, Action<string> onUnanswered) =>
        Akka.Actor.Props.Create(() => new JoinWatchActor(coordinator, onRefused, onUnanswered));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AssociationErrorEvent));
}

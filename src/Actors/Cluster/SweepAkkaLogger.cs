using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Sweep.Actors.Cluster;

/// <summary>
/// Akka's logger for sweep nodes (configured by <see cref="AkkaLogging"/>): writes log events to standard
/// error, leaving out dropped-connection errors unless <c>sweep.logging.show-dropped-connections</c> is on.
/// </summary>
internal sealed class SweepAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public SweepAkkaLogger()
    {
        bool showDropped = Context.System.Settings.Config.GetBoolean("sweep.logging.show-dropped-connections", false);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (showDropped || !DroppedConnection.Matches(e))
            {
                Console.Error.WriteLine(e.ToString());
            }
        });
    }
}

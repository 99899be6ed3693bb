using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// An Akka logger that keeps every event it receives, for tests that check what a node logged. Shared by
/// every actor system that configures it (see <see cref="Hocon"/>): tests using it run in the serial cluster collection.
/// </summary>
public sealed class RecordingAkkaLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public static ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>Routes a node's log events at INFO and above here (INFO: every node logs something, so a test can tell the logger was used).</summary>
    public static string Hocon => $$"""
        akka.loglevel = INFO
        akka.loggers = ["{{typeof(RecordingAkkaLogger).FullName}}, {{typeof(RecordingAkkaLogger).Assembly.GetName().Name}}"]
        """;

    public RecordingAkkaLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Events.Enqueue);
    }

    /// <summary>Warnings such as "Coordinated shutdown phase [cluster-shutdown] timed out after 00:00:05".</summary>
    public static List<string> ShutdownTimeouts() =>
        Events.Select(e => e.Message?.ToString() ?? "")
            .Where(m => m.Contains("Coordinated shutdown phase", StringComparison.Ordinal) && m.Contains("timed out", StringComparison.Ordinal))
            .ToList();
}

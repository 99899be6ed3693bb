namespace Sweep.Actors.Cluster;

/// <summary>
/// How much of Akka's own logging reaches the console. By default only errors, and not the errors a dropped
/// connection causes (a worker that leaves or dies is normal: the protocol re-queues its trials and the
/// sweep's observer says so). Setting <see cref="LevelVariable"/> shows everything at that level, for debugging.
/// Akka logs go to standard error, never to standard output (which scripts and Start-Sweep's host read).
/// </summary>
public static class AkkaLogging
{
    /// <summary>Environment variable: OFF, ERROR, WARNING, INFO or DEBUG.</summary>
    public const string LevelVariable = "SWEEP_AKKA_LOGLEVEL";

    private static readonly string[] Levels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    /// <summary>The akka.* settings for <paramref name="requested"/> (the variable's value; null or empty = default).</summary>
    /// <exception cref="ArgumentException">A value that is not a level; the message names the variable.</exception>
    public static string Hocon(string? requested)
    {
        bool chosen = !string.IsNullOrWhiteSpace(requested);
        string level = chosen ? requested!.Trim().ToUpperInvariant() : "ERROR";
        if (!Levels.Contains(level))
        {
            throw new ArgumentException(
                $"{LevelVariable}: expected one of {string.Join(", ", Levels)}, not '{requested}'", nameof(requested));
        }

        bool chatty = level is "INFO" or "DEBUG";
        return $$"""
            akka {
              loglevel = {{level}}
              stdout-loglevel = OFF
              loggers = ["{{typeof(SweepAkkaLogger).FullName}}, {{typeof(SweepAkkaLogger).Assembly.GetName().Name}}"]
              log-dead-letters = {{(chatty ? "10" : "0")}}
              log-dead-letters-during-shutdown = off
              remote.log-remote-lifecycle-events = {{(chatty ? "on" : "off")}}
              cluster.log-info = {{(chatty ? "on" : "off")}}
            }
            sweep.logging.show-dropped-connections = {{(chosen ? "on" : "off")}}
            """;
    }

    /// <summary><see cref="Hocon(string?)"/> for this process's <see cref="LevelVariable"/>.</summary>
    public static string FromEnvironment() => Hocon(Environment.GetEnvironmentVariable(LevelVariable));
}

using System.Management.Automation.Host;

namespace Sweep.PsModule.Running;

/// <summary>
/// Reads Ctrl+C as a key while a foreground sweep runs in an interactive console (as PSReadLine does at the
/// prompt), so that Start-Sweep can stop the sweep itself and still write its summary. Restores the
/// console's setting on Dispose. Keys other than Ctrl+C pressed meanwhile are discarded.
/// </summary>
internal sealed class ConsoleStopKey : IDisposable
{
    private readonly bool _previous;

    private ConsoleStopKey(bool previous) => _previous = previous;

    /// <summary>Null where there is no interactive console (hosted runspaces, jobs, redirected input): the host's own Ctrl+C handling applies.</summary>
    public static ConsoleStopKey? TryCapture(PSHost host)
    {
        if (host.Name != "ConsoleHost" || Console.IsInputRedirected)
        {
            return null;
        }

        try
        {
            var previous = Console.TreatControlCAsInput;
            Console.TreatControlCAsInput = true;
            return new ConsoleStopKey(previous);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when Ctrl+C was pressed since the last call. Never blocks.</summary>
    public bool Pressed()
    {
        var pressed = false;
        while (Console.KeyAvailable)
        {
            var key = Console.ReadKey(intercept: true);
            pressed |= key.KeyChar == '\u0003' || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control));
        }

        return pressed;
    }

    public void Dispose()
    {
        try
        {
            Console.TreatControlCAsInput = _previous;
        }
        catch (IOException)
        {
            // The console went away; nothing to restore.
        }
    }
}

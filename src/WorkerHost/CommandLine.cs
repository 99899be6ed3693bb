using System.Globalization;

namespace Sweep.WorkerHost;

/// <summary>
/// "--name value" options after an optional sub-command. Every problem is a <see cref="UsageException"/>
/// naming the option, so the host can print it with the usage text and exit with code 2.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandLine(string? command)
    {
        Command = command;
    }

    /// <summary>"coordinate", or null for the default (join as a worker).</summary>
    public string? Command { get; }

    public static CommandLine Parse(string[] args, IReadOnlySet<string> flags)
    {
        int start = args.Length > 0 && !args[0].StartsWith('-') ? 1 : 0;
        var line = new CommandLine(start == 1 ? args[0] : null);
        for (int i = start; i < args.Length; i++)
        {
            string name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
            {
                throw new UsageException($"unexpected argument '{name}'");
            }

            if (line._values.ContainsKey(name))
            {
                throw new UsageException($"{name} is given twice");
            }

            if (flags.Contains(name))
            {
                line._values[name] = null;
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                line._values[name] = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value");
            }
        }

        return line;
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    public string? Text(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public string RequiredText(string name) => Text(name) ?? throw new UsageException($"{name} is required");

    public int Int(string name, int fallback, int min, int max)
    {
        string? text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    public TimeSpan? Seconds(string name)
    {
        string? text = Text(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < 1e7
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{name} must be a positive number of seconds, not '{text}'");
    }

    /// <summary>Call after reading every option the command knows: anything left over is a typo.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option {string.Join(", ", unknown)}");
        }
    }
}

/// <summary>Bad command-line input; the message says which option and why.</summary>
internal sealed class UsageException(string message) : Exception(message);

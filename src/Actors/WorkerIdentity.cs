namespace Sweep.Actors;

/// <summary>
/// Who ran a trial: <see cref="Name"/>, chosen when the worker starts (<c>--name</c>, <c>-Name</c>; by default the
/// machine name and process id, "gpu-box-3#41213"), and <see cref="Host"/>, the machine and the address it advertises
/// without the ephemeral port ("gpu-box-3@10.0.0.5"). A worker restarted under the same name is the same worker in
/// the results (<c>trials.worker</c>); one restarted on the same machine has the same <c>worker_host</c>.
/// </summary>
public sealed record WorkerIdentity
{
    /// <summary>The longest name accepted (names appear in every trials row and console line).</summary>
    public const int MaxNameLength = 100;

    private static int _defaultsGiven;

    private WorkerIdentity(string name, string host)
    {
        Name = name;
        Host = host;
    }

    /// <summary>One word (no whitespace), so console lines such as "finished ... worker=NAME host=HOST" stay parseable.</summary>
    public string Name { get; }

    public string Host { get; }

    /// <summary>This process's default name: machine name and process id.</summary>
    public static string DefaultName => $"{Environment.MachineName}#{Environment.ProcessId}";

    /// <summary>
    /// The identity of a worker in this process advertising <paramref name="advertisedHost"/>. <paramref name="name"/> null =
    /// <see cref="DefaultName"/> for the process's first worker, then "DefaultName.2", ".3": several workers in one process
    /// (Start-SweepWorker -AsJob twice in one session) must not share a name.
    /// </summary>
    /// <exception cref="ArgumentException">The name is unusable; the message says why (<see cref="Problem"/>).</exception>
    public static WorkerIdentity Of(string? name, string advertisedHost)
    {
        if (name is null)
        {
            int given = Interlocked.Increment(ref _defaultsGiven);
            name = given == 1 ? DefaultName : $"{DefaultName}.{given}";
        }

        if (Problem(name) is { } problem)
        {
            throw new ArgumentException($"name: {problem}", nameof(name));
        }

        return new WorkerIdentity(name, HostOf(advertisedHost));
    }

    /// <summary>The slots a coordinator runs itself: its process's default name marked "(local)".</summary>
    public static WorkerIdentity Local(string advertisedHost) => new($"{DefaultName}(local)", HostOf(advertisedHost));

    /// <summary>As a registration or a result carried it: taken as sent (the worker checked the name).</summary>
    public static WorkerIdentity Received(string name, string host) => new(name, host);

    /// <summary>Why <paramref name="name"/> cannot name a worker, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return $"must be 1 to {MaxNameLength} characters, not {name.Length}";
        }

        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsWhiteSpace(name[i]) || char.IsControl(name[i]))
            {
                return $"must not contain whitespace or control characters: '{name}' has U+{(int)name[i]:X4} at position {i + 1}";
            }
        }

        return null;
    }

    private static string HostOf(string advertisedHost) => $"{Environment.MachineName}@{advertisedHost}";

    public override string ToString() => $"{Name} ({Host})";
}

namespace Sweep.Actors.Coordination;

/// <summary>A registered worker node: its actor, its name for messages, its slots, and its key in <see cref="Scheduling.SchedulingState"/>.</summary>
internal sealed record RegisteredNode<TActor>(TActor Actor, string Name, int Slots, string Key);

/// <summary>
/// The coordinator's registered worker nodes, found by actor (messages from them) or by key (decisions of
/// <see cref="Scheduling.SchedulingState"/>, which knows nodes by key only). <paramref name="keyOf"/> gives an
/// actor's key: stable across re-registrations, so a node that registers again is the same node.
/// </summary>
internal sealed class WorkerNodes<TActor>(Func<TActor, string> keyOf)
    where TActor : class
{
    private readonly Dictionary<TActor, RegisteredNode<TActor>> _byActor = [];
    private readonly Dictionary<string, RegisteredNode<TActor>> _byKey = new(StringComparer.Ordinal);

    public int Count => _byActor.Count;

    public IEnumerable<RegisteredNode<TActor>> All => _byActor.Values;

    public string KeyOf(TActor actor) => keyOf(actor);

    /// <summary>The new node, or null when <paramref name="actor"/> is registered already (nothing changes).</summary>
    public RegisteredNode<TActor>? Add(TActor actor, string name, int slots)
    {
        if (_byActor.ContainsKey(actor))
        {
            return null;
        }

        var node = new RegisteredNode<TActor>(actor, name, slots, keyOf(actor));
        _byActor[actor] = node;
        _byKey[node.Key] = node;
        return node;
    }

    public RegisteredNode<TActor>? Find(TActor actor) => _byActor.GetValueOrDefault(actor);

    public RegisteredNode<TActor>? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The node's name for messages; the key itself once the node is gone.</summary>
    public string NameOf(string key) => _byKey.TryGetValue(key, out var node) ? node.Name : key;

    /// <summary>The removed node, or null when <paramref name="actor"/> was not registered.</summary>
    public RegisteredNode<TActor>? Remove(TActor actor)
    {
        if (!_byActor.Remove(actor, out var node))
        {
            return null;
        }

        _byKey.Remove(node.Key);
        return node;
    }
}

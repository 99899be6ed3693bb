namespace Sweep.Actors.Coordination;

/// <summary>A registered worker node: its actor, who it is (name for messages and results), its slots, and its key in <see cref="Scheduling.SchedulingState"/>.</summary>
internal sealed record RegisteredNode<TActor>(TActor Actor, WorkerIdentity Worker, int Slots, string Key)
{
    public string Name => Worker.Name;
}

/// <summary>
/// The coordinator's registered worker nodes, found by actor (messages from them) or by key (decisions of
/// <see cref="Scheduling.SchedulingState"/>, which knows nodes by key only). <paramref name="keyOf"/> gives an
/// actor's key: stable across re-registrations, so a node that registers again is the same node. Identities of
/// removed nodes are remembered, so a trial given up after its node left still names the worker that ran it.
/// </summary>
internal sealed class WorkerNodes<TActor>(Func<TActor, string> keyOf)
    where TActor : class
{
    private readonly Dictionary<TActor, RegisteredNode<TActor>> _byActor = [];
    private readonly Dictionary<string, RegisteredNode<TActor>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerIdentity> _removed = new(StringComparer.Ordinal);

    public int Count => _byActor.Count;

    public IEnumerable<RegisteredNode<TActor>> All => _byActor.Values;

    public string KeyOf(TActor actor) => keyOf(actor);

    /// <summary>The new node, or null when <paramref name="actor"/> is registered already (nothing changes).</summary>
    public RegisteredNode<TActor>? Add(TActor actor, WorkerIdentity worker, int slots)
    {
        if (_byActor.ContainsKey(actor))
        {
            return null;
        }

        var node = new RegisteredNode<TActor>(actor, worker, slots, keyOf(actor));
        _byActor[actor] = node;
        _byKey[node.Key] = node;
        _removed.Remove(node.Key);
        return node;
    }

    public RegisteredNode<TActor>? Find(TActor actor) => _byActor.GetValueOrDefault(actor);

    public RegisteredNode<TActor>? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Another registered node under the name <paramref name="name"/> than <paramref name="actor"/>'s, or null.</summary>
    public RegisteredNode<TActor>? FindOtherNamed(string name, TActor actor) =>
        _byActor.Values.FirstOrDefault(n => n.Name == name && !EqualityComparer<TActor>.Default.Equals(n.Actor, actor));

    /// <summary>Who the node with <paramref name="key"/> is or was; the key itself as the name, without host, for a node never seen.</summary>
    public WorkerIdentity IdentityOf(string key) =>
        _byKey.TryGetValue(key, out var node) ? node.Worker
        : _removed.TryGetValue(key, out var removed) ? removed
        : WorkerIdentity.Received(key, "");

    /// <summary>The removed node, or null when <paramref name="actor"/> was not registered.</summary>
    public RegisteredNode<TActor>? Remove(TActor actor)
    {
        if (!_byActor.Remove(actor, out var node))
        {
            return null;
        }

        _byKey.Remove(node.Key);
        _removed[node.Key] = node.Worker;
        return node;
    }
}

namespace Sweep.Actors.Scheduling;

/// <summary>One worker slot: the node (its registration key, the worker actor's path) and the slot index on it.</summary>
internal readonly record struct SlotKey(string Node, int Slot)
{
    public override string ToString() => $"{Node}#{Slot}";
}

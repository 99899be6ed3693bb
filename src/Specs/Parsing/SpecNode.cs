namespace Sweep.Specs.Parsing;

/// <summary>1-based line and column of a token in JSON input.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// A spec as a tree, the same whether it came from JSON or from a PowerShell hashtable, so one
/// validator serves both. Positions are null for hashtable input.
/// </summary>
internal abstract class SpecNode(SourcePosition? position)
{
    public SourcePosition? Position { get; } = position;
}

internal sealed class ObjectNode(IReadOnlyList<MemberNode> members, SourcePosition? position) : SpecNode(position)
{
    /// <summary>Members in source order; keys are unique.</summary>
    public IReadOnlyList<MemberNode> Members { get; } = members;
}

internal sealed record MemberNode(string Key, SourcePosition? KeyPosition, SpecNode Value);

internal sealed class ArrayNode(IReadOnlyList<SpecNode> items, SourcePosition? position) : SpecNode(position)
{
    public IReadOnlyList<SpecNode> Items { get; } = items;
}

/// <summary>A leaf: string, long, double, bool, null, or for hashtable input any other .NET value as given.</summary>
internal sealed class ScalarNode(object? value, SourcePosition? position) : SpecNode(position)
{
    public object? Value { get; } = value;
}

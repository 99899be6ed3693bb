namespace Sweep.Specs;

/// <summary>
/// One trial setting as users see it in specs and help: <see cref="Kind"/> is "string", "int",
/// "long", "double" or "bool" (with "?" when null is allowed); <see cref="Group"/> is where it
/// may be written besides base and axes ("dataset", "top level") or "".
/// </summary>
public sealed record SpecFieldInfo(
    string Name, string Kind, object? Default, IReadOnlyList<string>? AllowedValues, string Description, string Group);

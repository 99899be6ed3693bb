namespace Sweep.Specs;

/// <summary>
/// One varied field of the grid: its snake_case <see cref="Field"/> and its values in the order
/// given, each already converted to the field's CLR type (string, int, long, double, bool or null).
/// </summary>
public sealed record SpecAxis(string Field, IReadOnlyList<object?> Values);

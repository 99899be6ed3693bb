namespace Sweep.Specs;

/// <summary>
/// One problem in a spec. <see cref="Path"/> is the JSON path users read in their file
/// (<c>axes.optimizer[2]</c>, <c>base.lr</c>; empty for the whole spec); <see cref="Line"/> and
/// <see cref="Column"/> are 1-based and present only for JSON input.
/// </summary>
public sealed record SpecError(string Path, string Message, int? Line, int? Column)
{
    /// <summary>"line:col: path: message", leaving out the parts that are absent.</summary>
    public override string ToString()
    {
        string position = Line is { } line ? $"{line}:{Column ?? 1}: " : "";
        string path = Path.Length > 0 ? $"{Path}: " : "";
        return position + path + Message;
    }
}

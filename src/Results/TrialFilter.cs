using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Results;

/// <summary>
/// Which rows of <c>trials</c> to read; every condition given must hold (null = no condition).
/// <see cref="Where"/> maps snake_case config fields (<c>optimizer</c>, <c>lr</c>, <c>seed</c>, ...) to the
/// value the field must equal; values are converted like spec values (an int matches a double field).
/// </summary>
public sealed record TrialFilter
{
    public IReadOnlySet<TrialId>? TrialIds { get; init; }
    public IReadOnlySet<TrialStatus>? Statuses { get; init; }
    public IReadOnlyDictionary<string, object?>? Where { get; init; }
}

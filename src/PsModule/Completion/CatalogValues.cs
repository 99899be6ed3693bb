using System.Management.Automation;

namespace Sweep.PsModule.Completion;

// Categorical parameters take their legal values from the engine's Catalog (ValidateCatalog and
// CatalogCompleter) or the analysis's metric names (here), so that completion, validation, spec
// validation and the trainer agree by construction. [ValidateSet(typeof(X))] both validates and completes.

/// <summary>Values of -By and -Metric: the analysis's metric names and aliases (<see cref="Sweep.Analysis.MetricCatalog.Names"/>).</summary>
public sealed class MetricValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Sweep.Analysis.MetricCatalog.Names];
}

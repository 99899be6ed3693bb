using System.Management.Automation;
using Sweep.Engine.Config;

namespace Sweep.PsModule.Completion;

// Each categorical parameter takes its legal values from the engine's Catalog, so that tab completion,
// parameter validation, spec validation and the trainer agree by construction.
// [ValidateSet(typeof(X))] both validates and completes on Tab.

/// <summary>Values of -Optimizer: <see cref="Catalog.Optimizers"/>.</summary>
public sealed class OptimizerValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Optimizers];
}

/// <summary>Values of -Init: <see cref="Catalog.Inits"/>.</summary>
public sealed class InitValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Inits];
}

/// <summary>Values of -Norm: <see cref="Catalog.Norms"/>.</summary>
public sealed class NormValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Norms];
}

/// <summary>Values of -Activation: <see cref="Catalog.Activations"/>.</summary>
public sealed class ActivationValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Activations];
}

/// <summary>Values of -Dataset: <see cref="Catalog.Datasets"/>.</summary>
public sealed class DatasetValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Datasets];
}

/// <summary>Values of -Schedule: <see cref="Catalog.Schedules"/>.</summary>
public sealed class ScheduleValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.Schedules];
}

/// <summary>Values of -FeatureScaling: <see cref="Catalog.FeatureScalings"/>.</summary>
public sealed class FeatureScalingValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Catalog.FeatureScalings];
}

/// <summary>Values of -By and -Metric: the analysis's metric names and aliases (<see cref="Sweep.Analysis.MetricCatalog.Names"/>).</summary>
public sealed class MetricValues : IValidateSetValuesGenerator
{
    public string[] GetValidValues() => [.. Sweep.Analysis.MetricCatalog.Names];
}

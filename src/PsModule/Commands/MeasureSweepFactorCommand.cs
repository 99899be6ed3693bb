using System.Management.Automation;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Measure-SweepFactor: how much each axis of a sweep matters for a metric: its marginal mean per
/// level with intervals, the share of variance it explains, and its strongest interaction.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SweepFactor", DefaultParameterSetName = PathSet)]
[OutputType(typeof(FactorEffectView))]
public sealed class MeasureSweepFactorCommand : RunFolderCmdlet
{
    private readonly RunFolderSet _folders = new();

    /// <summary>Metrics to explain; default: convergence speed, then stability.</summary>
    [Parameter(Position = 1)]
    [ValidateSet(typeof(MetricValues))]
    public string[]? Metric { get; set; }

    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    /// <summary>Collects folders only: each folder is measured once, however many trials name it.</summary>
    protected override void ProcessRecord() => _folders.AddRange(RunFolderPaths());

    protected override void EndProcessing()
    {
        foreach (var path in _folders)
        {
            if (RunFolders.TryAnalyze(this, path, TargetLoss) is not { } analysis)
            {
                continue;
            }

            var effects = Metric is null ? analysis.FactorEffects() : analysis.FactorEffects(Metric);
            foreach (var effect in effects)
            {
                WriteObject(PsObjects.Typed(FactorEffectView.From(effect, path), FactorEffectView.TypeName));
            }
        }
    }
}

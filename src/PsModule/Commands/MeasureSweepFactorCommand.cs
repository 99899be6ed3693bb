using System.Management.Automation;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Measure-SweepFactor: how much each axis of a sweep matters for a metric: its marginal mean per
/// level with intervals, the share of variance it explains, and its strongest interaction.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SweepFactor")]
[OutputType(typeof(FactorEffectView))]
public sealed class MeasureSweepFactorCommand : SweepCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("OutputPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Metrics to explain; default: convergence speed, then stability.</summary>
    [Parameter(Position = 1)]
    [ValidateSet(typeof(MetricValues))]
    public string[]? Metric { get; set; }

    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var path in Path.Select(FileSystemPath))
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

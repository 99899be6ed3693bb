using System.Management.Automation;
using Sweep.Analysis;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepRanking: the configurations of a run folder aggregated over seeds and ranked by a metric
/// (default: steps to the target loss), with intervals, ties, diagnoses and the Pareto front.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SweepRanking", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RankingView))]
public sealed class GetSweepRankingCommand : RunFolderCmdlet
{
    private readonly RunFolderSet _folders = new();

    /// <summary>Metric name or alias (speed, stability, auc, ...); default: the spec's ranking, else speed.</summary>
    [Parameter(Position = 1)]
    [ValidateSet(typeof(MetricValues))]
    public string? By { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Top { get; set; }

    /// <summary>Only configurations on the Pareto front of (speed, stability).</summary>
    [Parameter]
    public SwitchParameter ParetoOnly { get; set; }

    /// <summary>Train loss that counts as reached; default: the spec's ranking target, else derived from the sweep.</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? TargetLoss { get; set; }

    /// <summary>Collects folders only: piped trials name their folder once each, and a folder is ranked once.</summary>
    protected override void ProcessRecord() => _folders.AddRange(RunFolderPaths());

    protected override void EndProcessing()
    {
        foreach (var path in _folders)
        {
            if (RunFolders.TryAnalyze(this, path, TargetLoss) is not { } analysis)
            {
                continue;
            }

            // How the target was set is on every row (Target); a target most configurations miss cannot rank them: say so.
            foreach (string note in analysis.TargetNotes.Where(n => n.Contains("WARNING: ", StringComparison.Ordinal)))
            {
                WriteWarning($"{path}: {note.Replace("WARNING: ", "", StringComparison.Ordinal)}");
            }

            foreach (var ranking in analysis.Rank(new RankingOptions { By = By, Top = Top, ParetoOnly = ParetoOnly }))
            {
                WriteObject(PsObjects.Typed(RankingView.From(ranking, path), RankingView.TypeName));
            }
        }
    }
}

using System.Management.Automation;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Views;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepCurve: evaluation points (or, with -Layer, per-layer statistics) of trials. Takes
/// Get-SweepTrial's output from the pipeline (Path and TrialId bind by property name) and reads
/// the trials in batches, so a whole sweep costs a few passes over the curve files, not one per trial.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SweepCurve", DefaultParameterSetName = PathSet)]
[OutputType(typeof(PSObject))]
public sealed class GetSweepCurveCommand : RunFolderCmdlet
{
    /// <summary>Trials read together in one pass over the curve files.</summary>
    private const int BatchSize = 512;

    private readonly List<string> _pendingIds = [];
    private string? _pendingPath;

    /// <summary>Trials to read; all trials of the folder when not given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(TrialIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? TrialId { get; set; }

    /// <summary>Per-layer statistics (Sweep.LayerPoint) instead of the evaluation curve.</summary>
    [Parameter]
    public SwitchParameter Layer { get; set; }

    protected override void ProcessRecord()
    {
        RequireWellFormedTrialIds(TrialId);
        foreach (var path in RunFolderPaths())
        {
            if (TrialId is null)
            {
                Flush();
                Read(path, null);
                continue;
            }

            if (_pendingPath != path)
            {
                Flush();
                _pendingPath = path;
            }

            _pendingIds.AddRange(TrialId);
            if (_pendingIds.Count >= BatchSize)
            {
                Flush();
            }
        }
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pendingPath is not null && _pendingIds.Count > 0)
        {
            Read(_pendingPath, [.. _pendingIds]);
        }

        _pendingIds.Clear();
    }

    private void Read(string path, IReadOnlyCollection<string>? trialIds)
    {
        if (RunFolders.TryOpen(this, path) is not { } folder)
        {
            return;
        }

        var reader = folder.CreateReader();
        if (Layer)
        {
            foreach (var row in reader.ReadLayers(ToIds(trialIds)))
            {
                WriteObject(PointView.Layers(folder.Path, row.TrialId.ToString(), row.Point));
            }
        }
        else
        {
            foreach (var row in reader.ReadCurves(ToIds(trialIds)))
            {
                WriteObject(PointView.Curve(folder.Path, row.TrialId.ToString(), row.Point));
            }
        }
    }

    /// <summary>Ids checked by RequireWellFormedTrialIds (hex digits of either case) as trial ids.</summary>
    private static HashSet<Specs.TrialId>? ToIds(IReadOnlyCollection<string>? trialIds) =>
        trialIds?.Select(id => Specs.TrialId.Parse(id.ToLowerInvariant())).ToHashSet();
}

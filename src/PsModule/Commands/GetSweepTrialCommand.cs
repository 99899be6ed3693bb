using System.Collections;
using System.Management.Automation;
using Sweep.Engine.Training;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Views;
using Sweep.Results;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Get-SweepTrial: the finished trials of run folders as Sweep.TrialResult objects, streamed part by
/// part, filtered by the results reader (status, trial id, config values).
/// </summary>
[Cmdlet(VerbsCommon.Get, "SweepTrial", DefaultParameterSetName = PathSet)]
[OutputType(typeof(TrialResultView))]
public sealed class GetSweepTrialCommand : RunFolderCmdlet
{
    [Parameter]
    public TrialStatus[]? Status { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(TrialIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? TrialId { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Optimizer")]
    public string[]? Optimizer { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Init")]
    public string[]? Init { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Norm")]
    public string[]? Norm { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Activation")]
    public string[]? Activation { get; set; }

    [Parameter]
    public int[]? Depth { get; set; }

    [Parameter]
    public double[]? Lr { get; set; }

    [Parameter]
    public long[]? Seed { get; set; }

    /// <summary>
    /// Any other setting (snake_case, or the property name) and the value, or values, it must equal, e.g.
    /// @{ lr = 0.1, 0.01; residual = $true }. A hashtable; typed so that its keys complete on Tab.
    /// </summary>
    [Parameter]
    [TrialSettingsTransformation]
    [ValidateNotNull]
    public TrialSettings? Where { get; set; }

    private TrialSelection? _selection;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RequireWellFormedTrialIds(TrialId);
        if (Where?.Config is not null)
        {
            throw Terminate(SweepErrors.InvalidFilter("-Where takes a hashtable of settings, e.g. @{ lr = 0.1 }, not a TrialConfig.", Where.Config));
        }

        try
        {
            _selection = TrialSelection.Build(
            [
                ("Optimizer", "optimizer", (IEnumerable?)Optimizer ?? Array.Empty<object>()),
                ("Init", "init", (IEnumerable?)Init ?? Array.Empty<object>()),
                ("Norm", "norm", (IEnumerable?)Norm ?? Array.Empty<object>()),
                ("Activation", "activation", (IEnumerable?)Activation ?? Array.Empty<object>()),
                ("Depth", "depth", (IEnumerable?)Depth ?? Array.Empty<object>()),
                ("Lr", "lr", (IEnumerable?)Lr ?? Array.Empty<object>()),
                ("Seed", "seed", (IEnumerable?)Seed ?? Array.Empty<object>()),
            ], Where?.Fields);
        }
        catch (ArgumentException e)
        {
            throw Terminate(SweepErrors.InvalidFilter(e.Message, Where?.Fields));
        }
    }

    protected override void ProcessRecord()
    {
        var filter = new TrialFilter
        {
            TrialIds = TrialId is null ? null : TrialId.Select(id => Specs.TrialId.Parse(id.ToLowerInvariant())).ToHashSet(),
            Statuses = Status is null ? null : new HashSet<TrialStatus>(Status),
        };
        foreach (var path in RunFolderPaths())
        {
            if (RunFolders.TryOpen(this, path) is not { } folder)
            {
                continue;
            }

            var varying = SpecFactors.VaryingFields(folder.Spec);
            foreach (var row in folder.CreateReader().ReadTrials(filter).Where(_selection!.Accepts))
            {
                WriteObject(TrialResultView.From(row, folder.Path, varying));
            }
        }
    }
}

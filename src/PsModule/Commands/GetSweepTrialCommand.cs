using System.Collections;
using System.Management.Automation;
using Sweep.Engine.Training;
using Sweep.PsModule.Completion;
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
    [ValidateSet(typeof(OptimizerValues))]
    public string? Optimizer { get; set; }

    [Parameter]
    [ValidateSet(typeof(InitValues))]
    public string? Init { get; set; }

    [Parameter]
    [ValidateSet(typeof(NormValues))]
    public string? Norm { get; set; }

    [Parameter]
    [ValidateSet(typeof(ActivationValues))]
    public string? Activation { get; set; }

    [Parameter]
    public int? Depth { get; set; }

    [Parameter]
    public long? Seed { get; set; }

    /// <summary>Any other config field (snake_case) and the value it must equal, e.g. @{ lr = 0.1; residual = $true }.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Where { get; set; }

    protected override void ProcessRecord()
    {
        var filter = BuildFilter();
        foreach (var path in RunFolderPaths())
        {
            if (RunFolders.TryOpen(this, path) is not { } folder)
            {
                continue;
            }

            var varying = SpecFactors.VaryingFields(folder.Spec);
            foreach (var row in folder.CreateReader().ReadTrials(filter))
            {
                WriteObject(TrialResultView.From(row, folder.Path, varying));
            }
        }
    }

    private TrialFilter BuildFilter()
    {
        var where = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Where ?? [])
        {
            where[entry.Key.ToString() ?? ""] = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
        }

        AddIfGiven(where, "optimizer", Optimizer);
        AddIfGiven(where, "init", Init);
        AddIfGiven(where, "norm", Norm);
        AddIfGiven(where, "activation", Activation);
        AddIfGiven(where, "depth", Depth);
        AddIfGiven(where, "seed", Seed);
        return new TrialFilter
        {
            TrialIds = TrialId is null ? null : new HashSet<string>(TrialId, StringComparer.Ordinal),
            Statuses = Status is null ? null : new HashSet<TrialStatus>(Status),
            Where = where.Count == 0 ? null : where,
        };
    }

    private static void AddIfGiven(Dictionary<string, object?> where, string field, object? value)
    {
        if (value is not null)
        {
            where[field] = value;
        }
    }
}

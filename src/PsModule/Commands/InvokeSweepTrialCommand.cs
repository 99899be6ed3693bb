using System.Collections;
using System.Globalization;
using System.Management.Automation;
using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Running;
using Sweep.PsModule.Views;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.PsModule.Commands;

/// <summary>
/// Invoke-SweepTrial: trains one trial in this process and returns its full result (curve, layer
/// statistics, summary). From a run folder and trial id it reproduces a recorded trial and says
/// whether the result matches bit for bit; from a config it is the quickest way to debug one setting.
/// </summary>
/// <remarks>
/// The Config set is the default because PowerShell, when both sets still lack their mandatory parameters,
/// binds pipeline input only to the default set: with RunFolder as the default a piped TrialConfig or hashtable
/// could not be bound. With Config as the default, a piped trial (Get-SweepTrial) is refused by the Config
/// transformation as a type mismatch and binds Path and TrialId by property name, and two positional
/// arguments still mean a run folder and a trial id.
/// </remarks>
[Cmdlet(VerbsLifecycle.Invoke, "SweepTrial", DefaultParameterSetName = ConfigSet)]
[OutputType(typeof(TrialRunView))]
public sealed class InvokeSweepTrialCommand : SweepCmdlet
{
    public const string RunFolderSet = "RunFolder";
    public const string ConfigSet = "Config";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RunFolderSet)]
    [Alias("OutputPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = RunFolderSet)]
    [ArgumentCompleter(typeof(TrialIdCompleter))]
    [ValidateNotNullOrEmpty]
    public string TrialId { get; set; } = "";

    /// <summary>A TrialConfig, or a hashtable of snake_case fields (unnamed fields keep their defaults); typed so that the keys complete on Tab.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ConfigSet)]
    [TrialSettingsTransformation]
    [ValidateNotNull]
    public TrialSettings? Config { get; set; }

    protected override void ProcessRecord()
    {
        TrialConfig config;
        TrialSummary? recorded = null;
        if (ParameterSetName == ConfigSet)
        {
            config = ToConfig(Config);
        }
        else
        {
            RequireWellFormedTrialIds([TrialId]);
            var path = FileSystemPath(Path);
            if (RunFolders.TryOpen(this, path) is not { } folder)
            {
                return;
            }

            var row = folder.CreateReader().ReadTrials(new TrialFilter { TrialIds = new HashSet<Specs.TrialId>([Specs.TrialId.Parse(TrialId.ToLowerInvariant())]) }).FirstOrDefault();
            if (row is null)
            {
                WriteError(SweepErrors.TrialNotFound(TrialId, path));
                return;
            }

            config = row.Config;
            recorded = row.Summary;
        }

        var trialId = Specs.TrialId.Of(config);
        var result = Train(config, trialId);
        WriteObject(PsObjects.Typed(new TrialRunView
        {
            TrialId = trialId.ToString(),
            Status = result.Status,
            Config = config,
            Summary = result.Summary,
            Curve = result.Curve,
            Layers = result.Layers,
            WallSeconds = result.WallSeconds,
            RecordedSummary = recorded,
        }, TrialRunView.TypeName));
    }

    private TrialResult Train(TrialConfig config, Specs.TrialId trialId)
    {
        using var relay = new PipelineRelay<object>();
        var token = Cancellation.Token;
        var work = Task.Run(() => Trainer.Run(config, ParquetTables.Readers, token, progress => relay.SetProgress(progress)), CancellationToken.None);
        try
        {
            return relay.Run(work, this, Cancellation, progress =>
            {
                var record = new ProgressRecord(1, $"Trial {trialId}", "done") { RecordType = ProgressRecordType.Completed };
                if (progress is TrialProgress p)
                {
                    record = new ProgressRecord(1, $"Trial {trialId}",
                        string.Create(CultureInfo.InvariantCulture, $"step {p.Step} of {p.TotalSteps}, train loss {p.TrainLoss:G4}"))
                    {
                        PercentComplete = p.TotalSteps == 0 ? 0 : (int)Math.Clamp(100 * p.Step / p.TotalSteps, 0, 100),
                    };
                }

                WriteProgress(record);
            });
        }
        catch (ArgumentException e) when (!token.IsCancellationRequested)
        {
            throw Terminate(SweepErrors.InvalidConfig(e.Message, config));
        }
        catch (DatasetException e)
        {
            throw Terminate(SweepErrors.DatasetUnusable(e, config.DatasetPath));
        }
    }

    /// <summary>
    /// A TrialConfig as given, or one built from a hashtable of fields. The hashtable goes through the
    /// spec parser as the base settings of a one-trial spec, so fields are converted and checked exactly
    /// as in spec files, and every bad field is reported at once with its name.
    /// </summary>
    private TrialConfig ToConfig(TrialSettings? value)
    {
        if (value?.Config is { } given)
        {
            return Validated(given);
        }

        var fields = value?.Fields ?? new Hashtable();
        var settings = new Hashtable(StringComparer.OrdinalIgnoreCase);
        object? seed = 0L;
        foreach (DictionaryEntry entry in fields)
        {
            if (string.Equals(entry.Key.ToString(), "seed", StringComparison.OrdinalIgnoreCase))
            {
                seed = entry.Value;
            }
            else
            {
                settings[entry.Key] = entry.Value;
            }
        }

        var definition = new Hashtable { ["name"] = "config", ["base"] = settings, ["seeds"] = new[] { seed } };
        try
        {
            return Validated(SpecParser.FromDictionary(definition, "-Config").EnumerateTrials().Single());
        }
        catch (SpecException e)
        {
            throw Terminate(SweepErrors.InvalidConfig(
                "Invalid config: " + string.Join("; ", e.Errors.Select(error => $"{error.Path.Replace("base.", "", StringComparison.Ordinal)}: {error.Message}")), fields));
        }
    }

    private TrialConfig Validated(TrialConfig config)
    {
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw Terminate(SweepErrors.InvalidConfig("Invalid config: " + string.Join("; ", errors), config));
        }

        return config;
    }
}

using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text;
using Sweep.PsModule.Completion;
using Sweep.PsModule.Errors;
using Sweep.PsModule.Views;
using Sweep.Specs;

namespace Sweep.PsModule.Commands;

/// <summary>
/// New-SweepSpec: a validated spec from parameters (a factor given several values becomes an axis of
/// the grid, one value a base setting), from a JSON file, or from a hashtable in the spec's own shape.
/// The spec parser does all the checking; -OutFile writes the spec's canonical JSON.
/// </summary>
[Cmdlet(VerbsCommon.New, "SweepSpec", DefaultParameterSetName = ParametersSet)]
[OutputType(typeof(SweepSpec))]
public sealed class NewSweepSpecCommand : SweepCmdlet
{
    public const string ParametersSet = "Parameters";
    public const string PathSet = "Path";
    public const string DefinitionSet = "Definition";

    /// <summary>The type name of specs in Sweep.Format.ps1xml.</summary>
    internal const string SpecTypeName = "Sweep.Spec";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A hashtable (or nested ordered dictionaries, or a .psd1's data) shaped like a JSON spec.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = DefinitionSet)]
    [ValidateNotNull]
    public IDictionary? Definition { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "sweep";

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Dataset")]
    public string? Dataset { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateNotNullOrEmpty]
    public string? DatasetPath { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int? Samples { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Optimizer")]
    public string[]? Optimizer { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Init")]
    public string[]? Init { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Norm")]
    public string[]? Norm { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Activation")]
    public string[]? Activation { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    [ArgumentCompleter(typeof(CatalogCompleter))]
    [ValidateCatalog("Schedule")]
    public string[]? Schedule { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int[]? Depth { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int[]? Width { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public bool[]? Residual { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public double[]? Lr { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int[]? BatchSize { get; set; }

    /// <summary>Replicates per configuration: seeds 0 .. n-1.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [ValidateRange(1, SpecLimits.MaxSeeds)]
    public int? Seeds { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int? Epochs { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int? Steps { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public int? EvalEvery { get; set; }

    [Parameter(ParameterSetName = ParametersSet)]
    public double? TargetLoss { get; set; }

    /// <summary>Any other trial setting (snake_case) for every trial, e.g. @{ noise = 0.2; clip_norm = 1.0 }. A hashtable; typed so that its keys complete on Tab.</summary>
    [Parameter(ParameterSetName = ParametersSet)]
    [TrialSettingsTransformation]
    [ValidateNotNull]
    public TrialSettings? Set { get; set; }

    /// <summary>Writes the spec's canonical JSON to this file as well.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    protected override void ProcessRecord()
    {
        SweepSpec spec;
        object target;
        try
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    var file = FileSystemPath(Path);
                    target = file;
                    if (!File.Exists(file))
                    {
                        throw Terminate(new ErrorRecord(new FileNotFoundException($"Spec file '{file}' does not exist.", file),
                            "SpecFileNotFound", ErrorCategory.ObjectNotFound, file));
                    }

                    spec = SpecParser.ParseFile(file);
                    break;
                case DefinitionSet:
                    target = Definition!;
                    spec = SpecParser.FromDictionary(Definition!, "hashtable");
                    break;
                default:
                    var definition = FromParameters();
                    target = definition;
                    spec = SpecParser.FromDictionary(definition, "New-SweepSpec");
                    break;
            }
        }
        catch (SpecException e)
        {
            throw Terminate(SweepErrors.InvalidSpec(e, ParameterSetName == PathSet ? FileSystemPath(Path) : e.SourceName));
        }

        if (OutFile is not null)
        {
            File.WriteAllText(FileSystemPath(OutFile), spec.ToCanonicalJson(), new UTF8Encoding(false));
        }

        WriteObject(PsObjects.Typed(spec, SpecTypeName));
    }

    /// <summary>
    /// The spec the parameters describe, in the spec's own shape: a parameter given several values is an
    /// axis, one value a base setting. Snake_case keys are the ConfigSchema names the parser knows.
    /// </summary>
    private OrderedDictionary FromParameters()
    {
        var definition = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["name"] = Name };
        var dataset = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        AddIfGiven(dataset, "dataset", Dataset);
        AddIfGiven(dataset, "dataset_path", DatasetPath);
        AddIfGiven(dataset, "samples", Samples);
        if (dataset.Count > 0)
        {
            definition["dataset"] = dataset;
        }

        var baseSettings = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Set?.Fields ?? new Hashtable())
        {
            baseSettings[entry.Key] = entry.Value;
        }

        var axes = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        AddFactor(axes, baseSettings, "optimizer", Optimizer);
        AddFactor(axes, baseSettings, "init", Init);
        AddFactor(axes, baseSettings, "norm", Norm);
        AddFactor(axes, baseSettings, "activation", Activation);
        AddFactor(axes, baseSettings, "lr_schedule", Schedule);
        AddFactor(axes, baseSettings, "depth", Depth);
        AddFactor(axes, baseSettings, "width", Width);
        AddFactor(axes, baseSettings, "residual", Residual);
        AddFactor(axes, baseSettings, "lr", Lr);
        AddFactor(axes, baseSettings, "batch_size", BatchSize);
        if (baseSettings.Count > 0)
        {
            definition["base"] = baseSettings;
        }

        if (axes.Count > 0)
        {
            definition["axes"] = axes;
        }

        AddIfGiven(definition, "seeds", Seeds);
        AddIfGiven(definition, "epochs", Epochs);
        AddIfGiven(definition, "steps", Steps);
        AddIfGiven(definition, "eval_every", EvalEvery);
        AddIfGiven(definition, "target_loss", TargetLoss);
        return definition;
    }

    private static void AddFactor<T>(OrderedDictionary axes, OrderedDictionary baseSettings, string field, T[]? values)
    {
        if (values is null)
        {
            return;
        }

        if (values.Length == 1)
        {
            baseSettings[field] = values[0];
        }
        else
        {
            axes[field] = values.Cast<object?>().ToArray();
        }
    }

    private static void AddIfGiven(OrderedDictionary dictionary, string key, object? value)
    {
        if (value is not null)
        {
            dictionary[key] = value;
        }
    }
}

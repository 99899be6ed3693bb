using System.Collections;
using System.Management.Automation;
using Sweep.Engine.Config;

namespace Sweep.PsModule.Completion;

/// <summary>
/// The value of the parameters that take trial settings as a hashtable: Get-SweepTrial -Where,
/// New-SweepSpec -Set and Invoke-SweepTrial -Config. Users still write a hashtable
/// (<see cref="TrialSettingsTransformationAttribute"/> wraps it); the parameter is typed so that
/// PowerShell completes its keys.
/// </summary>
/// <remarks>
/// PowerShell 7.6 never calls an argument completer inside a hashtable literal, but it completes the keys of
/// a hashtable given to a parameter from the parameter's type: CompletionCompleters.CompleteHashtableKey
/// (src/System.Management.Automation/engine/CommandCompletion/CompletionCompleters.cs) infers the type of
/// the bound parameter and lists its settable members, including the members the type table (ETS) adds to
/// it, for types with a public default constructor. <see cref="KeyTypeData"/> adds one member per
/// <see cref="ConfigSchema"/> field when the module is imported, so a new setting completes without a
/// change here.
/// </remarks>
public sealed class TrialSettings
{
    /// <summary>Empty settings. PowerShell completes keys only for types with a default constructor.</summary>
    public TrialSettings()
        : this(new Hashtable())
    {
    }

    public TrialSettings(IDictionary fields) => Fields = fields;

    public TrialSettings(TrialConfig config)
        : this(new Hashtable()) => Config = config;

    /// <summary>The hashtable as given: setting name (snake_case or property name) -> value or values.</summary>
    public IDictionary Fields { get; }

    /// <summary>A whole TrialConfig, where one was given instead of a hashtable (Invoke-SweepTrial -Config).</summary>
    public TrialConfig? Config { get; }

    /// <summary>
    /// The type-table members that make PowerShell offer every config field as a key: one note property per
    /// field, named as the field (snake_case) and holding its description, which PowerShell shows as the
    /// completion's tooltip.
    /// </summary>
    public static System.Management.Automation.Runspaces.TypeData KeyTypeData()
    {
        var typeData = new System.Management.Automation.Runspaces.TypeData(typeof(TrialSettings));
        foreach (var field in ConfigSchema.Fields)
        {
            typeData.Members[field.Name] = new System.Management.Automation.Runspaces.NotePropertyData(field.Name, Describe(field));
        }

        return typeData;
    }

    private static string Describe(ConfigField field)
    {
        var values = field.AllowedValues is { } allowed ? $" One of: {string.Join(", ", allowed)}." : "";
        return $"{field.Description}{values}";
    }

    public override string ToString() => Config?.ToString() ?? $"@{{ {string.Join("; ", Fields.Keys.Cast<object>())} }}";
}

/// <summary>
/// Turns a hashtable (any IDictionary) or a TrialConfig into <see cref="TrialSettings"/>. Anything else is
/// refused with a message saying what to give; the inner PSInvalidCastException makes PowerShell's binder
/// treat the refusal as a type mismatch, so pipeline input goes on to bind to another parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TrialSettingsTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            TrialSettings settings => settings,
            IDictionary fields => new TrialSettings(fields),
            TrialConfig config => new TrialSettings(config),
            null => null,
            _ => throw new ArgumentTransformationMetadataException(
                $"Give a hashtable of trial settings, e.g. @{{ lr = 0.1; optimizer = 'adam' }}, not a value of type {value.GetType().Name}.",
                new PSInvalidCastException($"{value.GetType().Name} is not a hashtable of trial settings.")),
        };
    }
}

using System.Globalization;
using System.Management.Automation;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.PsModule.Views;

/// <summary>
/// The flat, typed properties of a trial object, generated from the record descriptions so that a new
/// setting or summary metric appears in PowerShell without a change here: every <see cref="ConfigSchema"/>
/// field and every <see cref="ResultFields.Summary"/> metric, snake_case as PascalCase (lr -> Lr,
/// batch_size -> BatchSize, grad_norm_median -> GradNormMedian).
/// </summary>
internal static class TrialFields
{
    /// <summary>Config fields as (property name, field), in ConfigSchema (column) order.</summary>
    public static readonly IReadOnlyList<(string Name, ConfigField Field)> Config =
        ConfigSchema.Fields.Select(f => (PascalCase(f.Name), f)).ToList();

    /// <summary>Summary metrics as (property name, field), in <see cref="ResultFields.Summary"/> (column) order.</summary>
    public static readonly IReadOnlyList<(string Name, RecordField<TrialSummary> Field)> Summary =
        ResultFields.Summary.Select(f => (PascalCase(f.Name), f)).ToList();

    private static readonly Dictionary<string, string> PropertyByField =
        ConfigSchema.Fields.ToDictionary(f => f.Name, f => PascalCase(f.Name), StringComparer.Ordinal);

    /// <summary>The property that holds config field <paramref name="field"/> ("lr" -> "Lr").</summary>
    public static string PropertyOf(string field) => PropertyByField.GetValueOrDefault(field) ?? PascalCase(field);

    /// <summary>Adds every config field and summary metric of a trial to <paramref name="target"/> as typed note properties.</summary>
    public static void AddTo(PSObject target, TrialConfig config, TrialSummary summary)
    {
        foreach (var (name, field) in Config)
        {
            target.Properties.Add(new PSNoteProperty(name, field.Get(config)));
        }

        foreach (var (name, field) in Summary)
        {
            target.Properties.Add(new PSNoteProperty(name, field.Get(summary)));
        }
    }

    /// <summary>A UTC timestamp that converts to text as ISO 8601 (Export-Csv, string expansion) yet is a DateTimeOffset to every comparison and sort.</summary>
    public static PSObject Timestamp(DateTime utc)
    {
        var value = PSObject.AsPSObject(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        var wrapped = new PSObject(value.BaseObject);
        wrapped.Methods.Add(new PSCodeMethod("ToString", typeof(TrialFields).GetMethod(nameof(IsoString))!));
        return wrapped;
    }

    /// <summary>The code method behind a timestamp's ToString: 2026-12-06T23:56:04.1230000Z.</summary>
    public static string IsoString(PSObject instance) =>
        ((DateTimeOffset)instance.BaseObject).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string PascalCase(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

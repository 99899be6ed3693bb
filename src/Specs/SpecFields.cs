using System.Text;
using Sweep.Engine.Config;
using Sweep.Specs.Parsing;

namespace Sweep.Specs;

/// <summary>The settings a spec can fix or vary, straight from <see cref="ConfigSchema"/>: for help text and completion.</summary>
public static class SpecFields
{
    /// <summary>Every setting but the seed (which comes from <c>seeds</c>), in ConfigSchema order.</summary>
    public static IReadOnlyList<SpecFieldInfo> List() =>
        [.. ConfigSchema.Fields
            .Where(f => f.Name != SpecKeys.SeedField)
            .Select(f => new SpecFieldInfo(f.Name, KindName(f), f.Default, f.AllowedValues, f.Description, GroupOf(f.Name)))];

    /// <summary>Help text: the spec's keys, then one line per setting with its kind, default and allowed values.</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine("A sweep spec (JSON, or a PowerShell hashtable with the same keys):");
        text.AppendLine("  name       required; letters, digits, '.', '_', '-'");
        text.AppendLine("  dataset    a dataset name, or an object of dataset settings (marked [dataset] below)");
        text.AppendLine("  base       fixed settings for every trial: { \"depth\": 4, \"lr\": 0.01 }");
        text.AppendLine("  axes       varied settings, expanded as a full grid: { \"optimizer\": [\"sgd\", \"adam\"] }");
        text.AppendLine("  seeds      a count N (seeds 0..N-1) or a list of seeds; default 1");
        text.AppendLine("  sample     { \"count\": 20, \"sampler\": \"sobol\"|\"random\", \"sampler_seed\": 0,");
        text.AppendLine("               \"params\": { \"lr\": { \"log_uniform\": [1e-4, 1] } } }  (also uniform, int_uniform)");
        text.AppendLine("  exclude    rules of axis values; a trial matching every key of a rule is skipped:");
        text.AppendLine("               [ { \"norm\": \"batchnorm\", \"batch_size\": [1, 2] } ]");
        text.AppendLine("  ranking    { \"target_loss\": 0.1, \"by\": \"steps_to_target\" }");
        text.AppendLine("  epochs, steps, eval_every, target_loss   budget settings, also allowed at the top level");
        text.AppendLine("  (giving steps without epochs sets epochs to 0: exactly one budget is positive)");
        text.AppendLine();
        text.AppendLine("Settings:");
        foreach (SpecFieldInfo field in List())
        {
            text.Append("  ").Append(field.Name.PadRight(16)).Append(field.Kind.PadRight(8))
                .Append("default ").Append(ConfigField.Format(field.Default).PadRight(10)).Append(' ')
                .Append(field.Description);
            if (field.AllowedValues is { } allowed)
            {
                text.Append(" One of: ").Append(string.Join(", ", allowed)).Append('.');
            }

            if (field.Group.Length > 0)
            {
                text.Append(" [").Append(field.Group).Append(']');
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string KindName(ConfigField field) => field.Kind switch
    {
        FieldKind.String => "string",
        FieldKind.Int => "int",
        FieldKind.Long => "long",
        FieldKind.Double => "double",
        _ => "bool",
    } + (field.IsNullable ? "?" : "");

    private static string GroupOf(string name) =>
        SpecKeys.DatasetFields.Contains(name) ? "dataset"
        : SpecKeys.BudgetFields.Contains(name) ? "top level"
        : "";
}

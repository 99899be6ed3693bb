using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.PsModule.Views;

/// <summary>What a spec varies, as the module shows it: the axes of the trial table and of New-SweepSpec.</summary>
public static class SpecFactors
{
    /// <summary>
    /// Fields that are neither factors nor identity: how long to train, when to evaluate, what counts
    /// as converged. Grids may differ in them without the difference being a factor of the sweep.
    /// </summary>
    private static readonly HashSet<string> BudgetFields = new(StringComparer.Ordinal)
    {
        "target_loss", "eval_every", "tol", "patience", "early_stop", "seed",
    };

    /// <summary>
    /// The snake_case fields that vary between trials, seed aside, in ConfigSchema order: the axes and
    /// sampled fields of every grid, and the fixed settings in which grids differ (e.g. dataset).
    /// </summary>
    public static IReadOnlyList<string> VaryingFields(SweepSpec spec)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var specs = spec.Grids.Count == 0 ? [spec] : spec.Grids.Select(g => g.Spec).ToList();
        foreach (var grid in specs)
        {
            fields.UnionWith(grid.Axes.Select(a => a.Field));
            fields.UnionWith(grid.Sample?.Params.Select(p => p.Field) ?? []);
        }

        foreach (var field in ConfigSchema.Fields.Where(f => !BudgetFields.Contains(f.Name)))
        {
            if (specs.Select(s => ConfigField.Format(field.Get(s.Base))).Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                fields.Add(field.Name);
            }
        }

        return ConfigSchema.Names.Where(fields.Contains).ToList();
    }

    /// <summary>
    /// "norm: none, batchnorm; optimizer: sgd, adam": what New-SweepSpec shows as Axes. Only the axes and
    /// sampled fields the spec declares (in any of its grids), not every setting in which grids differ.
    /// </summary>
    public static string AxesText(SweepSpec spec)
    {
        var specs = spec.Grids.Count == 0 ? [spec] : spec.Grids.Select(g => g.Spec).ToList();
        var declared = specs.SelectMany(s => s.Axes.Select(a => a.Field).Concat(s.Sample?.Params.Select(p => p.Field) ?? [])).ToHashSet(StringComparer.Ordinal);
        return string.Join("; ", ConfigSchema.Names.Where(declared.Contains).Select(f => $"{f}: {string.Join(", ", Values(spec, f))}"));
    }

    /// <summary>Every dataset the spec trains on, e.g. "spirals, moons".</summary>
    public static string DatasetsText(SweepSpec spec) => string.Join(", ", Values(spec, "dataset"));

    /// <summary>Every value <paramref name="field"/> takes in the spec, in first-seen order.</summary>
    public static IReadOnlyList<string> Values(SweepSpec spec, string field)
    {
        var specs = spec.Grids.Count == 0 ? [spec] : spec.Grids.Select(g => g.Spec).ToList();
        var values = new List<string>();
        foreach (var grid in specs)
        {
            var axis = grid.Axes.FirstOrDefault(a => a.Field == field);
            var own = axis is null
                ? [ConfigField.Format(ConfigSchema.Find(field)?.Get(grid.Base))]
                : axis.Values.Select(ConfigField.Format);
            values.AddRange(own.Where(v => !values.Contains(v)));
        }

        return values;
    }
}

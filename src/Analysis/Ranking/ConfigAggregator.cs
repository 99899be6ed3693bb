using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>Groups trial metrics into configurations (the varying axes minus the seed) and summarises each over its seeds.</summary>
public static class ConfigAggregator
{
    /// <summary>
    /// The axes: fields other than the seed that take more than one value across the trials, in
    /// config field order, minus those the other axes already determine (a canonical config spells
    /// out momentum 0.9 for the momentum optimizer, so momentum would only repeat the optimizer).
    /// </summary>
    public static IReadOnlyList<string> VaryingFields(IEnumerable<TrialConfig> configs)
    {
        var list = configs as IReadOnlyList<TrialConfig> ?? [.. configs];
        var candidates = ConfigSchema.Fields.Where(f => f.Name != "seed").ToList();
        var varying = candidates
            .Where(f => list.Select(c => ConfigField.Format(f.Get(c))).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
        var formatted = list.Select(c => varying.ToDictionary(f => f.Name, f => ConfigField.Format(f.Get(c)), StringComparer.Ordinal)).ToList();
        int Groups(IEnumerable<ConfigField> fields) =>
            formatted.Select(values => string.Join("\u0001", fields.Select(f => values[f.Name]))).Distinct(StringComparer.Ordinal).Count();

        // A field goes when the others determine it but it does not determine them (so two sampled
        // parameters that pair one-to-one both stay). Later fields go first: optimizer stays, momentum goes.
        int groups = Groups(varying);
        for (int i = varying.Count - 1; i >= 0 && varying.Count > 1; i--)
        {
            var without = varying.Where((_, k) => k != i).ToList();
            if (Groups(without) == groups && Groups([varying[i]]) < groups)
            {
                varying = without;
            }
        }

        return [.. varying.Select(f => f.Name)];
    }

    public static string ConfigKey(TrialConfig config, IReadOnlyList<string> axes) =>
        axes.Count == 0
            ? "(single configuration)"
            : string.Join(", ", axes.Select(name => $"{name}={ConfigField.Format(ConfigSchema.Find(name)!.Get(config))}"));

    /// <summary>One unranked <see cref="ConfigRanking"/> per configuration, ordered by key.</summary>
    public static IReadOnlyList<ConfigRanking> Aggregate(IReadOnlyList<TrialMetrics> trials, IReadOnlyList<string> axes, long bootstrapSeed)
    {
        return [.. trials
            .GroupBy(t => ConfigKey(t.Config, axes), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Summarise(g.Key, [.. g], axes, bootstrapSeed))];
    }

    private static ConfigRanking Summarise(string key, IReadOnlyList<TrialMetrics> seeds, IReadOnlyList<string> axes, long bootstrapSeed)
    {
        var usable = seeds.Where(t => t.Status != TrialStatus.Failed).ToList();
        var metrics = new LazyMetricTable(m => Statistics.Describe(usable.Select(m.Value), bootstrapSeed, key + "|" + m.Name));
        var config = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string axis in axes)
        {
            config[axis] = ConfigSchema.Find(axis)!.Get(seeds[0].Config);
        }

        var diagnoses = seeds.Select(t => t.Diagnosis).ToList();
        return new ConfigRanking
        {
            ConfigKey = key,
            Config = config,
            Seeds = seeds.Count,
            Diverged = seeds.Count(t => t.Status == TrialStatus.Diverged),
            Failed = seeds.Count(t => t.Status == TrialStatus.Failed),
            ReachedTarget = seeds.Count(t => t.ReachedTarget),
            TargetLoss = seeds[0].TargetLoss,
            TargetExplanation = seeds[0].TargetExplanation,
            BudgetSteps = seeds.Max(t => t.BudgetSteps),
            Pruned = seeds.Count(t => t.Pruned),
            MeanStepsRun = usable.Count > 0 ? usable.Average(t => (double)t.Summary.StepsRun) : double.NaN,
            StopDescriptions = [.. seeds.Where(t => t.StopDescription is not null).Select(t => t.StopDescription!).Distinct(StringComparer.Ordinal)],
            Metrics = metrics,
            Diagnosis = MajorityDiagnosis(diagnoses),
            Flags = [.. TrialFlags.All.Where(flag => seeds.Count(t => t.Flags.Contains(flag)) >= AnalysisThresholds.FlagMajority * seeds.Count)],
            SeedDiagnoses = diagnoses,
            SeedEvidence = [.. seeds.Select(t => $"seed {t.Config.Seed}: {t.Diagnosis}: {t.Reading.Evidence}")],
            TrialIds = [.. seeds.Select(t => t.TrialId)],
        };
    }

    private static string MajorityDiagnosis(IEnumerable<string> diagnoses) =>
        diagnoses
            .GroupBy(d => d, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => Diagnoses.Severity(g.Key))
            .First()
            .Key;
}

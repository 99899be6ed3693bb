using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Sweep.Engine.Config;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Corpus;

/// <summary>
/// Where a corpus trial sits in the spec: its grid, its configuration's name within the grid (the
/// grid's axis values, "field=value" joined by "&", or "base" for a grid without axes) and its seed.
/// This, never the trial-id hash, is what ties a trial to its label.
/// </summary>
public readonly record struct CorpusKey(string Grid, string Config, long Seed)
{
    public override string ToString() => $"{Grid},{Config},{Seed.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>One trained corpus trial, with the reference level its curves are read against.</summary>
public sealed record CorpusTrial(CorpusKey Key, TrialData Data, double ChanceLoss, string? Error);

/// <summary>
/// The labelled diagnosis corpus (experiments/diagnosis-corpus.json): expands the spec with the
/// Specs API and trains every trial in process with the engine's <see cref="Trainer"/>, as the
/// worker's TrialRunner does (a trial that throws is kept as failed, with its message).
/// </summary>
public static class DiagnosisCorpus
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sweep.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Sweep.sln above " + AppContext.BaseDirectory);
    }

    public static string ExperimentFile(string name) => Path.Combine(RepositoryRoot(), "experiments", name);

    /// <summary>The tuning corpus: the thresholds were adjusted while scoring it.</summary>
    public static string SpecFile() => ExperimentFile("diagnosis-corpus.json");

    public static string LabelsFile() => ExperimentFile("diagnosis-corpus.labels.csv");

    /// <summary>The held-out set: labelled blind, never used to tune (experiments/README.md).</summary>
    public static string HoldoutSpecFile() => ExperimentFile("diagnosis-holdout.json");

    public static string HoldoutLabelsFile() => ExperimentFile("diagnosis-holdout.labels.csv");

    /// <summary>The key of <paramref name="config"/> within <paramref name="spec"/>.</summary>
    public static CorpusKey KeyOf(SweepSpec spec, TrialConfig config)
    {
        string grid = spec.GridOf(config) ?? throw new InvalidOperationException("trial belongs to no grid of " + spec.Name);
        var axes = spec.Grids.Single(g => g.Name == grid).Spec.Axes;
        string name = axes.Count == 0
            ? "base"
            : string.Join("&", axes.Select(a =>
            {
                var field = ConfigSchema.Fields.Single(f => f.Name == a.Field);
                return $"{a.Field}={ConfigField.Format(field.Get(config))}";
            }));
        return new CorpusKey(grid, name, config.Seed);
    }

    /// <summary>Trains every trial of <paramref name="spec"/>, <paramref name="parallelism"/> at a time; results in spec order.</summary>
    public static IReadOnlyList<CorpusTrial> Run(SweepSpec spec, int parallelism)
    {
        var configs = spec.EnumerateTrials().ToList();
        var results = new CorpusTrial[configs.Count];
        Parallel.For(0, configs.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
        {
            var config = configs[i];
            var key = KeyOf(spec, config);
            double chance = double.NaN;
            try
            {
                chance = ChanceLoss(config);
                var result = Trainer.Run(config, TableReaders.None);
                results[i] = new CorpusTrial(key, new TrialData(TrialId.Of(config), config, result.Status, result.Summary,
                    result.WallSeconds, result.Curve, result.Layers), chance, null);
            }
            // the ways a trial legitimately fails (bad config, unusable dataset) are kept as failed trials, as the
            // worker keeps them; any other exception is an engine bug and fails the test run instead of being labelled
            catch (Exception e) when (e is ArgumentException or DatasetException or InvalidOperationException)
            {
                results[i] = new CorpusTrial(key, new TrialData(TrialId.Of(config), config, TrialStatus.Failed,
                    new TrialSummary { FinalTrainLoss = double.NaN, BestTrainLoss = double.NaN, AucLogTrainLoss = double.NaN }, 0, [], []),
                    chance, e.Message);
            }
        });
        return results;
    }

    /// <summary>
    /// The loss of the best constant predictor on the training split: the entropy of the label
    /// frequencies (cross-entropy), or the mean over outputs of the target variance (MSE).
    /// </summary>
    public static double ChanceLoss(TrialConfig config)
    {
        var data = DatasetLoader.Load(config, TableReaders.None);
        if (data.IsRegression)
        {
            int n = data.TrainCount;
            double total = 0;
            for (int o = 0; o < data.Outputs; o++)
            {
                double mean = 0;
                for (int i = 0; i < n; i++)
                {
                    mean += data.TrainTargets[(i * data.Outputs) + o];
                }

                mean /= n;
                double variance = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = data.TrainTargets[(i * data.Outputs) + o] - mean;
                    variance += d * d;
                }

                total += variance / n;
            }

            return total / data.Outputs;
        }

        var counts = new double[data.Outputs];
        foreach (int label in data.TrainLabels)
        {
            counts[label]++;
        }

        return -counts.Where(c => c > 0).Sum(c => c / data.TrainLabels.Length * Math.Log(c / data.TrainLabels.Length));
    }

    /// <summary>A readable account of one trial for labelling by eye: reference levels, a thinned curve and per-layer statistics.</summary>
    public static string Describe(CorpusTrial trial)
    {
        var sb = new StringBuilder();
        var s = trial.Data.Summary;
        var c = trial.Data.Config;
        sb.AppendLine(Inv($"=== {trial.Key}  [{c.Dataset} {c.Activation} {c.Init} d{c.Depth} w{c.Width} {c.Norm} {c.Optimizer} lr={c.Lr} clip={c.ClipNorm} bs={c.BatchSize} n={c.Samples}]"));
        if (trial.Error is not null)
        {
            sb.AppendLine("FAILED: " + trial.Error);
            return sb.ToString();
        }

        var curve = trial.Data.Curve;
        var finite = curve.Where(p => double.IsFinite(p.TrainLoss)).ToList();
        var best = finite.Count > 0 ? finite.MinBy(p => p.TrainLoss) : default;
        var vals = curve.Where(p => double.IsFinite(p.ValLoss)).ToList();
        var bestVal = vals.Count > 0 ? vals.MinBy(p => p.ValLoss) : default;
        sb.AppendLine(Inv($"status={trial.Data.Status} steps={s.StepsRun} initial={s.InitialTrainLoss:G4} chance={trial.ChanceLoss:G4} engine_chance={s.ChanceLoss:G4} best_train={best.TrainLoss:G4}@{best.Step} final_train={s.FinalTrainLoss:G4} best_val={bestVal.ValLoss:G4}@{bestVal.Step} final_val={s.FinalValLoss:G4} dead={s.DeadFraction:F3} sat={s.SaturatedFraction:F3} vanish_median={s.VanishingRatio:G3}"));
        var grads = curve.Select(p => p.GradNorm).ToList();
        if (grads.Count > 0)
        {
            sb.AppendLine(Inv($"grad: first={grads[0]:G3} max={grads.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max():G3} last={grads[^1]:G3} nonfinite={grads.Count(g => !double.IsFinite(g))}"));
        }

        sb.AppendLine("train " + Shape(curve.Select(p => p.TrainLoss).ToList(), s.InitialTrainLoss ?? double.NaN));
        sb.AppendLine("val   " + Shape(curve.Select(p => p.ValLoss).ToList(), double.NaN));
        // every point up to 80 (a one-point spike must be visible when labelling), else about 80 of them
        int stride = Math.Max(1, (int)Math.Ceiling(curve.Count / 80.0));
        sb.Append("curve step:train/val/grad ");
        for (int i = 0; i < curve.Count; i++)
        {
            if (i % stride == 0 || i == curve.Count - 1)
            {
                var p = curve[i];
                sb.Append(Inv($"{p.Step}:{p.TrainLoss:G3}/{p.ValLoss:G3}/{p.GradNorm:G2} "));
            }
        }

        sb.AppendLine();
        var layers = trial.Data.Layers;
        if (layers.Count > 0)
        {
            var steps = layers.Select(l => l.Step).Distinct().ToList();
            var ratios = steps.Select(st =>
            {
                var at = layers.Where(l => l.Step == st && l.Kind != "head").OrderBy(l => l.Layer).ToList();
                return at.Count >= 2 ? at[0].GradNorm / at[^1].GradNorm : double.NaN;
            }).ToList();
            sb.AppendLine(Inv($"first/last hidden grad ratio: min={ratios.Min():G3} median={ratios.Order().ElementAt(ratios.Count / 2):G3} max={ratios.Max():G3} zero_first={steps.Count(st => layers.First(l => l.Step == st).GradNorm == 0)}/{steps.Count}"));
            foreach (long st in new[] { steps[0], steps[^1] }.Distinct())
            {
                sb.Append(Inv($"layers@{st}: "));
                foreach (var l in layers.Where(l => l.Step == st))
                {
                    sb.Append(Inv($"[{l.Layer}{l.Kind[0]} g={l.GradNorm:G2} w={l.WeightNorm:G2} m={l.ActMean:G2} sd={l.ActStd:G2} sat={l.SaturatedFraction:F2} dead={l.DeadFraction:F2} dup={l.DuplicateUnits:F2}] "));
                }

                sb.AppendLine();
            }
        }

        return sb.ToString();
    }

    // The largest jump above the running minimum (the initial loss counts as the first value), and the
    // medians of the finite values over the run's fifths: how a curve moved, for reading by eye.
    private static string Shape(IReadOnlyList<double> values, double initial)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return "no finite value";
        }

        double runningMin = double.IsFinite(initial) ? initial : double.PositiveInfinity;
        double maxJump = 0;
        long jumpAt = -1;
        double blowUp = 0;
        long blowUpAt = -1;
        double start = runningMin;
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                continue;
            }

            if (runningMin > 0 && double.IsFinite(runningMin) && values[i] / runningMin > maxJump)
            {
                maxJump = values[i] / runningMin;
                jumpAt = i;
            }

            // a blow-up: at least twice the running minimum, and undoing at least a quarter of the progress made
            double progress = start - runningMin;
            double rise = values[i] - runningMin;
            if (double.IsFinite(runningMin) && values[i] >= 2 * runningMin && (progress <= 0 || rise >= 0.25 * progress))
            {
                double fold = values[i] / runningMin;
                if (fold > blowUp)
                {
                    blowUp = fold;
                    blowUpAt = i;
                }
            }

            runningMin = Math.Min(runningMin, values[i]);
        }

        var fifths = Enumerable.Range(0, 5).Select(k =>
        {
            var part = values.Skip(values.Count * k / 5).Take((values.Count * (k + 1) / 5) - (values.Count * k / 5)).Where(double.IsFinite).Order().ToList();
            return part.Count == 0 ? double.NaN : part[part.Count / 2];
        });
        return Inv($"max_jump_over_running_min={maxJump:G3} (point {jumpAt}) blow_up={blowUp:G3} (point {blowUpAt}) fifths_median={string.Join(" ", fifths.Select(f => f.ToString("G3", CultureInfo.InvariantCulture)))}");
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

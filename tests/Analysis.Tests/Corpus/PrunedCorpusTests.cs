using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.Specs;
using Xunit.Abstractions;

namespace Sweep.Analysis.Tests.Corpus;

/// <summary>
/// The labelled examples of the pruned diagnosis (experiments/pruned-corpus.json): every trial is trained with the
/// real engine to the step its grid's name gives ("-cut-N"), as a stopping rule that stopped it there would leave it
/// (curves and summary up to that step, the config's budget unchanged), and read as pruned. Its diagnosis is compared
/// with the label written from the dumped curve before the rule was run (experiments/pruned-corpus.labels.csv).
/// </summary>
public sealed partial class PrunedCorpusTests(ITestOutputHelper output)
{
    public static string SpecFile() => DiagnosisCorpus.ExperimentFile("pruned-corpus.json");

    public static string LabelsFile() => DiagnosisCorpus.ExperimentFile("pruned-corpus.labels.csv");

    [GeneratedRegex("-cut-(\\d+)$")]
    private static partial Regex CutPattern();

    /// <summary>The step a grid's trials are stopped at, from its name.</summary>
    public static long CutOf(string grid) =>
        CutPattern().Match(grid) is { Success: true } match
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"{SpecFile()}: grid '{grid}' does not end in '-cut-N' (the step its trials are stopped at)");

    /// <summary>
    /// Trains each trial of the spec to its cut and returns it as the stopping rule would have committed it: status pruned
    /// (diverged or failed when the engine ended it so first), steps_run the cut, the config's budget the spec's.
    /// </summary>
    public static IReadOnlyList<CorpusTrial> Run(SweepSpec spec)
    {
        var configs = spec.EnumerateTrials().ToList();
        var results = new CorpusTrial[configs.Count];
        Parallel.For(0, configs.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var config = configs[i];
            var key = DiagnosisCorpus.KeyOf(spec, config);
            long cut = CutOf(key.Grid);
            var result = Trainer.Run(config with { Steps = (int)cut }, TableReaders.None);
            var status = result.Status == TrialStatus.Completed ? TrialStatus.Pruned : result.Status;
            var data = new TrialData(TrialId.Of(config), config, status, result.Summary, result.WallSeconds, result.Curve, result.Layers)
            {
                StopRule = status == TrialStatus.Pruned ? "asha" : null,
                StopReason = status == TrialStatus.Pruned ? string.Create(CultureInfo.InvariantCulture, $"rung at {cut} steps") : null,
            };
            results[i] = new CorpusTrial(key, data, DiagnosisCorpus.ChanceLoss(config), null);
        });
        return results;
    }

    [Fact]
    public void Every_trial_has_exactly_one_label_and_every_grid_a_cut_inside_its_budget()
    {
        var spec = SpecParser.ParseFile(SpecFile());
        var keys = spec.EnumerateTrials().Select(c => DiagnosisCorpus.KeyOf(spec, c)).ToList();
        var labels = CorpusLabels.Read(LabelsFile());

        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys.Select(k => k.ToString()).Order(StringComparer.Ordinal), labels.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.All(spec.EnumerateTrials(), c => Assert.InRange(CutOf(spec.GridOf(c)!), 1, c.Steps));
        Assert.Contains(labels.Values, l => l.Diagnosis == Diagnoses.Pruned);
        Assert.Contains(labels.Values, l => l.Diagnosis != Diagnoses.Pruned);
    }

    /// <summary>Every label must hold: the rule is a plain reading of status and curve, with nothing to tune.</summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Every_trial_gets_its_labelled_diagnosis()
    {
        var spec = SpecParser.ParseFile(SpecFile());
        var labels = CorpusLabels.Read(LabelsFile());
        var trials = Run(spec);

        var table = new StringBuilder();
        foreach (var trial in trials)
        {
            var reading = CurveDiagnostics.Read(trial.Data);
            var label = labels[trial.Key];
            // What the same curve would be called had the run ended there: the reading pruned protects against.
            string unpruned = CurveDiagnostics.Diagnose(trial.Data with { Status = trial.Data.Status == TrialStatus.Pruned ? TrialStatus.Completed : trial.Data.Status });
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{trial.Key,-45} expected {label.Diagnosis,-10} got {reading.Diagnosis,-10} (as a finished run: {unpruned}) {reading.Evidence}"));
            Assert.True(reading.Diagnosis == label.Diagnosis, $"{trial.Key}: expected {label.Diagnosis}, got {reading.Diagnosis} ({reading.Evidence}); {label.Why}");
        }

        output.WriteLine(table.ToString());
    }

    /// <summary>Writes every cut trial's curve to artifacts/pruned-corpus/trials.txt without reading it: the labels come from this.</summary>
    [Fact]
    [Trait("Category", "CorpusDump")]
    public void Dumps_every_cut_trial_for_labelling_without_classifying_it()
    {
        var trials = Run(SpecParser.ParseFile(SpecFile()));
        string folder = Path.Combine(DiagnosisCorpus.RepositoryRoot(), "artifacts", "pruned-corpus");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "trials.txt"), string.Concat(trials.Select(DiagnosisCorpus.Describe)));
        Assert.NotEmpty(trials);
    }
}

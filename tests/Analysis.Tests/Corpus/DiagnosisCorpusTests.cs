using System.Globalization;
using System.Text;
using Sweep.Specs;
using Xunit.Abstractions;

namespace Sweep.Analysis.Tests.Corpus;

/// <summary>
/// The labelled diagnosis corpus of issue 11 and its checking sets: every trial of experiments/diagnosis-corpus.json
/// (and of each held-out set) is read from its recording (experiments/diagnosis-runs/, <see cref="CorpusRecording"/>:
/// the curves the labels were written from, the same on every machine) and its diagnosis and flags are compared with
/// the labels written by reading those curves (experiments/diagnosis-corpus.labels.csv). SWEEP_CORPUS_LIVE=1 trains the
/// trials with this build's engine instead. The scoring runs are in the "Corpus" category; the consistency of spec,
/// labels and recordings is checked beside them.
/// </summary>
public sealed class DiagnosisCorpusTests(ITestOutputHelper output)
{
    /// <summary>Share of trials whose diagnosis must match its label.</summary>
    public const double RequiredDiagnosisAgreement = 0.95;

    [Theory]
    [InlineData("diagnosis-corpus.json", "diagnosis-corpus.labels.csv")]
    [InlineData("diagnosis-holdout.json", "diagnosis-holdout.labels.csv")]
    [InlineData("diagnosis-noise.json", "diagnosis-noise.labels.csv")]
    [InlineData("diagnosis-holdout2.json", "diagnosis-holdout2.labels.csv")]
    [InlineData("diagnosis-holdout3.json", "diagnosis-holdout3.labels.csv")]
    public void Every_trial_of_the_spec_has_exactly_one_label_and_every_label_a_trial(string specName, string labelsName)
    {
        var spec = SpecParser.ParseFile(DiagnosisCorpus.ExperimentFile(specName));
        var keys = spec.EnumerateTrials().Select(c => DiagnosisCorpus.KeyOf(spec, c)).ToList();
        var labels = CorpusLabels.Read(DiagnosisCorpus.ExperimentFile(labelsName));

        Assert.Equal(keys.Count, keys.Distinct().Count());
        var unlabelled = keys.Where(k => !labels.ContainsKey(k)).Select(k => k.ToString()).ToList();
        Assert.True(unlabelled.Count == 0, "no label for: " + string.Join(" | ", unlabelled));
        var stale = labels.Keys.Except(keys).Select(k => k.ToString()).ToList();
        Assert.True(stale.Count == 0, "labels of no trial: " + string.Join(" | ", stale));
    }

    [Fact]
    public void The_corpus_covers_every_diagnosis_and_flag_with_at_least_40_configurations_and_3_seeds()
    {
        var spec = SpecParser.ParseFile(DiagnosisCorpus.SpecFile());
        var labels = CorpusLabels.Read(DiagnosisCorpus.LabelsFile()).Values.ToList();

        Assert.True(spec.Seeds.Count >= 3, $"{spec.Seeds.Count} seeds");
        Assert.True(labels.Select(l => (l.Key.Grid, l.Key.Config)).Distinct().Count() >= 40);
        // Pruned trials come from a stopping rule and have their own labelled set (PrunedCorpusTests)
        var missing = CorpusLabels.Diagnoses.Where(d => d is not "pruned").Except(labels.Select(l => l.Diagnosis)).ToList();
        Assert.True(missing.Count == 0, "no trial labelled " + string.Join(", ", missing));
        var unflagged = CorpusLabels.Flags.Except(labels.SelectMany(l => l.Flags)).ToList();
        Assert.True(unflagged.Count == 0, "no trial flagged " + string.Join(", ", unflagged));
    }

    [Theory]
    [InlineData("diagnosis-holdout.json", 16)]
    [InlineData("diagnosis-noise.json", 16)]
    [InlineData("diagnosis-holdout2.json", 16)]
    [InlineData("diagnosis-holdout3.json", 16)]
    public void Each_checking_set_shares_no_configuration_or_seed_with_any_set_before_it_and_has_3_seeds(string specName, int configurations)
    {
        string[] order = ["diagnosis-corpus.json", "diagnosis-holdout.json", "diagnosis-noise.json", "diagnosis-holdout2.json", "diagnosis-holdout3.json"];
        var set = SpecParser.ParseFile(DiagnosisCorpus.ExperimentFile(specName));
        var labels = CorpusLabels.Read(DiagnosisCorpus.ExperimentFile(specName.Replace(".json", ".labels.csv", StringComparison.Ordinal))).Values.ToList();

        Assert.True(set.Seeds.Count >= 3, $"{set.Seeds.Count} seeds");
        Assert.True(labels.Select(l => (l.Key.Grid, l.Key.Config)).Distinct().Count() >= configurations);
        foreach (var earlier in order.TakeWhile(name => name != specName).Select(name => SpecParser.ParseFile(DiagnosisCorpus.ExperimentFile(name))))
        {
            Assert.Empty(set.Seeds.Intersect(earlier.Seeds));
            // the same configuration under another seed would not be held out: compare configs with the seed zeroed
            var seen = earlier.EnumerateTrials().Select(c => c with { Seed = 0 }).ToHashSet();
            var shared = set.EnumerateTrials().Where(c => seen.Contains(c with { Seed = 0 })).Select(c => DiagnosisCorpus.KeyOf(set, c).ToString()).ToList();
            Assert.True(shared.Count == 0, $"in {earlier.Name} too: " + string.Join(" | ", shared));
        }
    }

    [Fact]
    public void A_recording_read_against_another_spec_is_refused_naming_the_folder()
    {
        string folder = CorpusRecording.FolderOf(DiagnosisCorpus.SpecFile());
        var other = SpecParser.ParseFile(DiagnosisCorpus.HoldoutSpecFile());

        var error = Assert.Throws<InvalidDataException>(() => CorpusRecording.Read(folder, other));
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("record it again", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("diagnosis-corpus.json")]
    [InlineData("diagnosis-holdout.json")]
    [InlineData("diagnosis-noise.json")]
    [InlineData("diagnosis-holdout2.json")]
    [InlineData("diagnosis-holdout3.json")]
    public void Every_labelled_set_is_recorded_with_every_trial_of_its_spec(string specName)
    {
        string specFile = DiagnosisCorpus.ExperimentFile(specName);
        var spec = SpecParser.ParseFile(specFile);

        var trials = CorpusRecording.Read(CorpusRecording.FolderOf(specFile), spec);
        Assert.Equal(spec.EnumerateTrials().Select(c => DiagnosisCorpus.KeyOf(spec, c)), trials.Select(t => t.Key));
        Assert.All(trials, t => Assert.True(t.Data.Status == Sweep.Engine.Training.TrialStatus.Failed || t.Data.Curve.Count > 0, $"{t.Key}: no curve recorded"));
    }

    /// <summary>The spec and labels named by SWEEP_CORPUS_SPEC and SWEEP_CORPUS_LABELS (default: the tuning corpus).</summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void At_least_95_percent_of_trials_get_their_labelled_diagnosis_and_every_labelled_flag()
    {
        Score(CorpusSpecFile(), CorpusLabelsFile(), flagsLabelled: Environment.GetEnvironmentVariable("SWEEP_CORPUS_FLAGS") != "unlabelled");
    }

    /// <summary>
    /// The held-out set, labelled from its curves before the classifier was ever run on it. Its first score was 69 of 78
    /// (88.5 %), every labelled flag raised: the honest measure of how the rules generalise, short of the 95 % they reach
    /// on the corpus they were tuned on. The rules were not changed after seeing it (that would spend the set), so this
    /// guards that figure against regressions rather than asserting the goal (experiments/README.md, held-out set).
    /// </summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Held_out_trials_keep_their_first_score_of_at_least_85_percent_and_every_labelled_flag()
    {
        Score(DiagnosisCorpus.HoldoutSpecFile(), DiagnosisCorpus.HoldoutLabelsFile(), HeldOutAgreement);
    }

    /// <summary>The held-out set's first score (88.5 %) less a margin of three trials in 78 for bit-level changes to the engine.</summary>
    public const double HeldOutAgreement = 0.85;

    /// <summary>
    /// The mini-batch noise set (experiments/diagnosis-noise.json), labelled from its curves before the noise-aware blow-up
    /// rule was run on it. The rule before it scored 28 of 48 (58 %; 15 noisy runs read unstable); the new rule's first
    /// score was 35 of 48 (73 %; 4 read unstable). Like the held-out set, this guards that first score against
    /// regressions rather than asserting a goal; the misses left are listed in experiments/README.md.
    /// </summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Noise_set_trials_keep_the_first_score_of_the_noise_aware_blow_up_rule()
    {
        Score(DiagnosisCorpus.ExperimentFile("diagnosis-noise.json"), DiagnosisCorpus.ExperimentFile("diagnosis-noise.labels.csv"), NoiseSetAgreement, flagsLabelled: false);
    }

    /// <summary>The noise set's first score (35 of 48) less a margin of two trials for bit-level changes to the engine.</summary>
    public const double NoiseSetAgreement = 33.0 / 48;

    /// <summary>
    /// The second held-out set (experiments/diagnosis-holdout2.json), labelled before the heavy-tail noise spread and the
    /// slow-climb overfitting rule were written, and run once after them: 40 of 48 (83 %; the rules before the session's
    /// changes scored 39). Guards that first score, as the other checking sets do.
    /// </summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Second_held_out_trials_keep_their_first_score()
    {
        Score(DiagnosisCorpus.ExperimentFile("diagnosis-holdout2.json"), DiagnosisCorpus.ExperimentFile("diagnosis-holdout2.labels.csv"), SecondHeldOutAgreement, flagsLabelled: false);
    }

    /// <summary>The second held-out set's first score (40 of 48) less a margin of two trials.</summary>
    public const double SecondHeldOutAgreement = 38.0 / 48;

    /// <summary>
    /// The third held-out set (experiments/diagnosis-holdout3.json), labelled before the rule that reads validation jumping
    /// above the chance level was written, and run once after it: 44 of 48 (92 %), the same as the rules just before
    /// that rule, and 42 for the rules from before this set's session. Guards that first score.
    /// </summary>
    [Fact]
    [Trait("Category", "Corpus")]
    public void Third_held_out_trials_keep_their_first_score()
    {
        Score(DiagnosisCorpus.ExperimentFile("diagnosis-holdout3.json"), DiagnosisCorpus.ExperimentFile("diagnosis-holdout3.labels.csv"), ThirdHeldOutAgreement, flagsLabelled: false);
    }

    /// <summary>The third held-out set's first score (44 of 48) less a margin of two trials.</summary>
    public const double ThirdHeldOutAgreement = 42.0 / 48;

    /// <param name="flagsLabelled">The labels list every flag a trial should carry, so a flag raised beyond them is a false
    /// one (the tuning corpus and the first held-out set); the noise and second held-out sets label diagnoses only.</param>
    private void Score(string specFile, string labelsFile, double required = RequiredDiagnosisAgreement, bool flagsLabelled = true)
    {
        var spec = SpecParser.ParseFile(specFile);
        var labels = CorpusLabels.Read(labelsFile);
        var (trials, source) = TrialsOf(specFile, spec);
        var metrics = TrialMetricsCalculator.Compute([.. trials.Select(t => t.Data)], spec.Ranking.TargetLoss);
        WriteDump(trials);

        var table = new StringBuilder();
        int agreed = 0, flagMisses = 0, falseFlags = 0;
        for (int i = 0; i < trials.Count; i++)
        {
            var key = trials[i].Key;
            var actual = metrics[i];
            if (!labels.TryGetValue(key, out var label))
            {
                table.AppendLine($"{key}: no label");
                continue;
            }

            bool diagnosisOk = actual.Diagnosis == label.Diagnosis;
            var missing = label.Flags.Except(actual.Flags).ToList();
            var extra = flagsLabelled ? actual.Flags.Intersect(CorpusLabels.Flags).Except(label.Flags).ToList() : [];
            agreed += diagnosisOk ? 1 : 0;
            flagMisses += missing.Count > 0 ? 1 : 0;
            falseFlags += extra.Count > 0 ? 1 : 0;
            if (!diagnosisOk || missing.Count > 0 || extra.Count > 0)
            {
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{key,-60} expected {label.Diagnosis,-14} got {actual.Diagnosis,-14} missing flags [{string.Join(";", missing)}] false flags [{string.Join(";", extra)}] got [{string.Join(";", actual.Flags)}]  ({label.Why})\n{"",62}read: {actual.Reading.Evidence}"));
            }
        }

        double share = (double)agreed / trials.Count;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(specFile)} ({source}): diagnosis agrees on {agreed} of {trials.Count} trials ({share:P1}); {flagMisses} trials miss an expected flag; {falseFlags} carry a flag not labelled");
        output.WriteLine(summary);
        output.WriteLine(table.ToString());
        Assert.True(share >= required && flagMisses == 0 && falseFlags == 0, summary + "\n" + table);
    }

    /// <summary>
    /// Writes every trial of the spec named by SWEEP_CORPUS_SPEC (default: the tuning corpus) to
    /// artifacts/diagnosis-corpus/trials.txt WITHOUT classifying them: labels are written from this dump before the
    /// classifier is run on a new set (experiments/README.md, held-out set). The trials are the spec's recording when it
    /// has one and SWEEP_CORPUS_LIVE is not 1; otherwise they are trained, and also recorded in artifacts/diagnosis-runs/
    /// (moved to experiments/diagnosis-runs/ with the labels written from its dump).
    /// </summary>
    [Fact]
    [Trait("Category", "CorpusDump")]
    public async Task Dumps_every_trial_of_the_spec_for_labelling_without_classifying_it()
    {
        string specFile = CorpusSpecFile();
        var spec = SpecParser.ParseFile(specFile);
        var (trials, source) = TrialsOf(specFile, spec);
        WriteDump(trials);
        if (source == Trained)
        {
            string folder = CorpusRecording.NewFolderOf(specFile);
            await CorpusRecording.WriteAsync(folder, spec, trials);
            var readBack = CorpusRecording.Read(folder, spec);
            Assert.Equal(trials.Select(DiagnosisCorpus.Describe), readBack.Select(DiagnosisCorpus.Describe));
        }

        output.WriteLine($"{trials.Count} trials of {Path.GetFileName(specFile)} ({source}) in {DumpFile()}");
        Assert.Equal(spec.EnumerateTrials().Count(), trials.Count);
        Assert.Equal(trials.Count, File.ReadAllLines(DumpFile()).Count(l => l.StartsWith("=== ", StringComparison.Ordinal)));
    }

    private const string Trained = "trained now";

    /// <summary>
    /// The trials the labels of <paramref name="specFile"/> were written from: its recording (CorpusRecording), or trained
    /// with this build's engine when SWEEP_CORPUS_LIVE=1 or the spec has no recording; with a word on which.
    /// </summary>
    private static (IReadOnlyList<CorpusTrial> Trials, string Source) TrialsOf(string specFile, SweepSpec spec)
    {
        string folder = CorpusRecording.FolderOf(specFile);
        if (Environment.GetEnvironmentVariable("SWEEP_CORPUS_LIVE") != "1" && Directory.Exists(folder))
        {
            return (CorpusRecording.Read(folder, spec), "recorded with " + CorpusRecording.KernelOf(folder));
        }

        return (DiagnosisCorpus.Run(spec, parallelism: 2), Trained);
    }

    // SWEEP_CORPUS_SPEC and SWEEP_CORPUS_LABELS name another spec and labels file, relative to the repository root or absolute
    private static string CorpusSpecFile() => FromEnvironment("SWEEP_CORPUS_SPEC") ?? DiagnosisCorpus.SpecFile();

    private static string CorpusLabelsFile() => FromEnvironment("SWEEP_CORPUS_LABELS") ?? DiagnosisCorpus.LabelsFile();

    private static string? FromEnvironment(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? Path.Combine(DiagnosisCorpus.RepositoryRoot(), path) : null;

    private static string DumpFile() => Path.Combine(DiagnosisCorpus.RepositoryRoot(), "artifacts", "diagnosis-corpus", "trials.txt");

    // Every trial's curve and layer statistics, for reading by eye (artifacts/ is ignored by git).
    private static void WriteDump(IReadOnlyList<CorpusTrial> trials)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DumpFile())!);
        File.WriteAllLines(DumpFile(), trials.Select(DiagnosisCorpus.Describe));
    }
}

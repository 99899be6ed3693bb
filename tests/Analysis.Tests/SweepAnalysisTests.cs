using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests;

public class SweepAnalysisTests
{
    [Fact]
    public void Diagnosis_counts_cover_every_diagnosis_and_add_up_to_the_trials()
    {
        var trials = new[]
        {
            SyntheticTrials.Trial(new TrialConfig { Seed = 1 }, SyntheticTrials.Curve(i => 1.0 / i, i => 1.1 / i)),
            SyntheticTrials.Trial(new TrialConfig { Seed = 2 }, SyntheticTrials.Curve(i => 1.0 / i, i => 0.3 + 0.05 * i)),
            SyntheticTrials.Trial(new TrialConfig { Seed = 3 }, SyntheticTrials.Curve(i => double.NaN, points: 2), TrialStatus.Diverged),
        };
        var analysis = SweepAnalysis.FromTrials(trials);
        Assert.Equal(Diagnoses.All.Count, analysis.DiagnosisCounts.Count);
        Assert.Equal(1, analysis.DiagnosisCounts[Diagnoses.StillLearning]);
        Assert.Equal(1, analysis.DiagnosisCounts[Diagnoses.Overfitting]);
        Assert.Equal(1, analysis.DiagnosisCounts[Diagnoses.Diverged]);
        Assert.Equal(trials.Length, analysis.DiagnosisCounts.Values.Sum());
    }

    [Fact]
    public void Duplicate_trial_ids_are_refused_by_name()
    {
        var trial = SyntheticTrials.Trial(new TrialConfig(), SyntheticTrials.Curve(i => 1.0 / i));
        var error = Assert.Throws<ArgumentException>(() => SweepAnalysis.FromTrials([trial, trial]));
        Assert.Contains(trial.TrialId.ToString(), error.Message);
    }

    [Fact]
    public void Layers_of_a_trial_come_from_its_data()
    {
        var layers = new[] { new LayerPoint(10, 0, "stem", 1, 1, 0, 1, 0, 0) };
        var trial = SyntheticTrials.Trial(new TrialConfig(), SyntheticTrials.Curve(i => 1.0 / i), layers: layers);
        var analysis = SweepAnalysis.FromTrials([trial]);
        Assert.Equal(layers, analysis.LayersOf(trial.TrialId));
        Assert.Empty(analysis.LayersOf(new TrialId(0)));
    }
}

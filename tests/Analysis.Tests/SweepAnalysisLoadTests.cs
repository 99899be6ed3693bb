using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis.Tests;

public sealed class SweepAnalysisLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-analysis-load-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SweepSpec Spec = SpecParser.Parse("""
        {
          "name": "load-test",
          "dataset": { "dataset": "spirals", "samples": 200 },
          "base": { "width": 8 },
          "steps": 200,
          "eval_every": 10,
          "axes": { "optimizer": ["sgd", "momentum", "adam"], "depth": [2, 8] },
          "seeds": 3,
          "ranking": { "target_loss": 0.3 }
        }
        """, "load-test.json");

    /// <summary>Adam fastest, sgd slowest; depth 8 with sgd vanishes and its hidden layers' units all share their incoming weights.</summary>
    private static TrialData Make(TrialConfig config)
    {
        double speed = config.Optimizer switch { "adam" => 0.6, "momentum" => 0.3, _ => 0.1 } * (1 + 0.02 * config.Seed);
        bool collapsed = config.Optimizer == "sgd" && config.Depth == 8;
        var curve = SyntheticTrials.Curve(SyntheticTrials.Falling(speed), i => SyntheticTrials.Falling(speed)(i) * 1.2);
        var layers = curve.SelectMany(p => Enumerable.Range(0, config.Depth + 1).Select(layer => new LayerPoint(
            p.Step, layer, layer == 0 ? "stem" : layer == config.Depth ? "head" : "hidden",
            GradNorm: Math.Pow(collapsed ? 0.1 : 0.9, config.Depth - layer), WeightNorm: 1, ActMean: 0,
            ActStd: collapsed && layer < config.Depth ? 0 : 0.5, SaturatedFraction: 0, DeadFraction: 0,
            DuplicateUnits: collapsed && layer < config.Depth ? 1 : 0))).ToList();
        return SyntheticTrials.Trial(config, curve, TrialStatus.Completed,
            s => s with { VanishingRatio = collapsed ? 1e-7 : 0.5 }, layers);
    }

    [Fact]
    public async Task Loading_a_run_folder_gives_the_same_answer_as_the_trials_in_memory()
    {
        var folder = await SyntheticRunFolder.WriteAsync(Path.Combine(_folder, "run"), Spec, Make);
        var loaded = SweepAnalysis.Load(RunFolder.OpenExisting(folder.Path));
        var inMemory = SweepAnalysis.FromTrials(Spec.EnumerateTrials().Select(c => Make(c) with { TrialId = TrialId.Of(c) }),
            new AnalysisOptions { TargetLoss = 0.3 });

        Assert.Equal("load-test", loaded.Name);
        Assert.Equal(18, loaded.Trials.Count);
        Assert.Equal(["depth", "optimizer"], loaded.Axes);
        Assert.All(loaded.TrialMetrics, t => Assert.Equal(0.3, t.TargetLoss));
        var expected = inMemory.Rank();
        var actual = loaded.Rank();
        Assert.Equal(expected.Select(r => (r.ConfigKey, r.StepsToTarget, r.Stability, r.Diagnosis, string.Join(",", r.Flags))),
            actual.Select(r => (r.ConfigKey, r.StepsToTarget, r.Stability, r.Diagnosis, string.Join(",", r.Flags))));
        Assert.Equal("depth=2, optimizer=adam", actual[0].ConfigKey);
        Assert.Contains(TrialFlags.SymmetricUnits, actual.Single(r => r.ConfigKey == "depth=8, optimizer=sgd").Flags);
    }

    [Fact]
    public async Task Layers_of_a_trial_are_read_from_the_folder_in_full()
    {
        var folder = await SyntheticRunFolder.WriteAsync(Path.Combine(_folder, "run"), Spec, Make);
        var loaded = SweepAnalysis.Load(folder);
        var config = Spec.EnumerateTrials().First(c => c.Depth == 8);
        var layers = loaded.LayersOf(TrialId.Of(config));
        Assert.Equal(Make(config).Layers.OrderBy(l => l.Step).ThenBy(l => l.Layer), layers);
        Assert.Equal(9, loaded.TrialsById[TrialId.Of(config)].Layers.Count);
    }

    [Fact]
    public async Task Options_override_the_spec_ranking_settings()
    {
        var folder = await SyntheticRunFolder.WriteAsync(Path.Combine(_folder, "run"), Spec, Make);
        var loaded = SweepAnalysis.Load(folder, new AnalysisOptions { TargetLoss = 0.1, DefaultRankBy = "stability", LoadLayers = false });
        Assert.All(loaded.TrialMetrics, t => Assert.Equal(0.1, t.TargetLoss));
        Assert.Equal(MetricCatalog.Stability, loaded.Rank()[0].RankedBy);
        Assert.All(loaded.Trials, t => Assert.Empty(t.Layers));
    }
}

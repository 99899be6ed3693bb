using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis.Tests;

/// <summary>A sweep whose spec has grids is analysed grid by grid, from memory and from a run folder alike.</summary>
public sealed class SweepAnalysisGridsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-analysis-grids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>"optimizers" varies the optimizer at depth 2; "depths" varies depth with adam (depth 2 with adam is already in "optimizers").</summary>
    private static readonly SweepSpec Spec = SpecParser.Parse("""
        {
          "name": "grids-test",
          "dataset": { "dataset": "spirals", "samples": 200 },
          "base": { "width": 8, "depth": 2 },
          "steps": 200,
          "eval_every": 10,
          "seeds": 3,
          "grids": [
            { "name": "optimizers", "axes": { "optimizer": ["sgd", "momentum", "adam"] } },
            { "name": "depths", "base": { "optimizer": "adam" }, "axes": { "depth": [2, 4, 8] } }
          ]
        }
        """, "grids-test.json");

    /// <summary>Adam fastest, sgd slowest; deeper is slower.</summary>
    private static TrialData Make(TrialConfig config)
    {
        double speed = config.Optimizer switch { "adam" => 0.6, "momentum" => 0.3, _ => 0.1 } * (1 + 0.02 * config.Seed) * 2 / config.Depth;
        var curve = SyntheticTrials.Curve(SyntheticTrials.Falling(speed), i => SyntheticTrials.Falling(speed)(i) * 1.2);
        return SyntheticTrials.Trial(config, curve, TrialStatus.Completed);
    }

    [Fact]
    public async Task Configurations_are_grouped_and_ranked_within_each_grid()
    {
        var folder = await SyntheticRunFolder.WriteAsync(Path.Combine(_folder, "run"), Spec, Make);
        var loaded = SweepAnalysis.Load(RunFolder.OpenExisting(folder.Path));
        var ranking = loaded.Rank();

        Assert.Equal(["optimizers", "depths"], loaded.Grids);
        Assert.Equal(Spec.CountTrials(), loaded.Trials.Count);
        Assert.Equal(["optimizer"], loaded.GridAnalyses["optimizers"].Axes);
        Assert.Equal(["depth"], loaded.GridAnalyses["depths"].Axes);
        Assert.Equal(3, loaded.GridAnalyses["optimizers"].Configurations.Count);
        Assert.Equal(2, loaded.GridAnalyses["depths"].Configurations.Count);
        Assert.Equal(["optimizers", "optimizers", "optimizers", "depths", "depths"], ranking.Select(r => r.Grid));
        Assert.Equal([1, 2, 3, 1, 2], ranking.Select(r => r.Rank));
        Assert.Equal("grid=optimizers, optimizer=adam", ranking[0].ConfigKey);
        Assert.Equal("grid=depths, depth=4", ranking[3].ConfigKey);
    }

    [Fact]
    public void Factor_effects_are_measured_within_each_grid()
    {
        var analysis = SweepAnalysis.FromTrials(Spec.EnumerateTrials().Select(c => Make(c) with { TrialId = TrialId.Of(c) }), Spec);

        var effects = analysis.FactorEffects([MetricCatalog.Speed]);

        Assert.Equal([("optimizers", "optimizer"), ("depths", "depth")], effects.Select(e => (e.Grid!, e.Factor)));
        Assert.Equal("adam", effects[0].BestLevel);
        Assert.Equal("4", effects[1].BestLevel);
        string html = HtmlReport.Render(analysis);
        Assert.Contains("Grids: optimizers (optimizer), depths (depth)", html);
        Assert.Contains("In grid depths, speed depends most on", html);
    }

    [Fact]
    public void Trials_outside_every_grid_are_refused()
    {
        var stray = Make(Spec.Grids[0].Spec.EnumerateTrials().First() with { Width = 99 });

        var error = Assert.Throws<ArgumentException>(() => SweepAnalysis.FromTrials([stray with { TrialId = TrialId.Of(stray.Config) }], Spec));

        Assert.Contains("belongs to no grid", error.Message);
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Analysis.Tests;

/// <summary>Pruned rows written through the results writer come back from a run folder censored, with their rule and reason.</summary>
public sealed class SweepAnalysisPrunedLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-analysis-pruned-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly SweepSpec Spec = SpecParser.Parse("""
        {
          "name": "pruned-load-test",
          "dataset": { "dataset": "spirals", "samples": 200 },
          "base": { "width": 8 },
          "steps": 200,
          "eval_every": 10,
          "axes": { "lr": [0.1, 0.01] },
          "seeds": 2,
          "ranking": { "target_loss": 0.2 }
        }
        """, "pruned-load-test.json");

    [Fact]
    public async Task Pruned_rows_load_with_their_rule_reason_and_short_curves_and_rank_as_censored()
    {
        var folder = RunFolder.Open(_folder, Spec, RunFolderMode.New);
        var started = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = Spec.EnumerateTrials().Select(config =>
        {
            bool slow = config.Lr < 0.05;
            var curve = SyntheticTrials.Curve(SyntheticTrials.Falling(slow ? 0.05 : 0.5), points: slow ? 5 : 20);
            var trial = SyntheticTrials.Trial(config, curve, slow ? TrialStatus.Pruned : TrialStatus.Completed);
            var row = new TrialRow(Spec.SweepId, TrialId.Of(config), config, trial.Status, null, 1, "test-host",
                started, started.AddSeconds(trial.DurationSeconds), trial.DurationSeconds, trial.Summary)
            {
                StopRule = slow ? "race" : null,
                StopReason = slow ? "cap 50 steps: the incumbent reached the target by step 40" : null,
            };
            return new TrialRecord(row, trial.Curve, trial.Layers);
        }).ToList();
        await using (var writer = folder.CreateWriter())
        {
            await writer.CommitAsync(records, CancellationToken.None);
        }

        var analysis = SweepAnalysis.Load(RunFolder.OpenExisting(_folder));

        var pruned = analysis.Trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.Equal(2, pruned.Count);
        Assert.All(pruned, t =>
        {
            Assert.Equal("race", t.StopRule);
            Assert.Equal(50, t.Curve[^1].Step);
            Assert.Equal(Diagnoses.Pruned, analysis.MetricsById[t.TrialId].Diagnosis);
            Assert.Equal(50, analysis.MetricsById[t.TrialId].StepsToTarget);
        });
        var ranking = analysis.Rank();
        Assert.Equal(["lr=0.1", "lr=0.01"], ranking.Select(c => c.ConfigKey));
        Assert.Equal("> 50 (2/2 pruned)", ranking[1].StepsToTargetText);
        Assert.Equal(["race: cap 50 steps: the incumbent reached the target by step 40"], ranking[1].StopDescriptions);
    }
}

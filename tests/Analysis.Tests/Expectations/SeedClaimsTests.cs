using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Data;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Expectations;

/// <summary>
/// Runs a reduced version of experiments/seed-claims.json (one sweep, one grid per claim) with the
/// real engine, in process, two trials at a time: a narrower, shorter overfitting grid. Each claim is
/// an expectation of the spec, evaluated from its own grid's data with intervals over seeds; nothing
/// in the library names the file or its grids.
/// </summary>
public sealed class SeedClaimsTests(SeedClaimsTests.ReducedRun run) : IClassFixture<SeedClaimsTests.ReducedRun>
{
    public static readonly TheoryData<int> Claims = [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Claims))]
    public void Each_claim_is_confirmed_by_the_data(int claim)
    {
        var verdicts = run.Analysis.Verdicts();
        Assert.Equal(8, verdicts.Count);
        var verdict = verdicts[claim - 1];
        Assert.StartsWith($"{claim}. ", verdict.Name);
        Assert.True(verdict.Outcome == VerdictOutcome.Confirmed, $"{verdict.Name}: {verdict.Outcome}: {verdict.Statement}\n{string.Join("\n", verdict.Evidence)}");
        Assert.NotEmpty(verdict.Evidence);
        Assert.Contains($"grid {verdict.Grid} (", verdict.Statement);
    }

    [Fact]
    public void Deliberately_false_expectations_are_refuted()
    {
        var spec = SpecParser.Parse("""
            {
              "name": "false-claims",
              "seeds": 1,
              "grids": [
                { "name": "claim-1-vanishing", "base": { "depth": 12 }, "axes": { "activation": ["sigmoid", "relu"] } },
                { "name": "claim-7-momentum", "axes": { "optimizer": ["sgd", "momentum"] } }
              ],
              "expectations": [
                { "name": "relu vanishes, sigmoid does not", "grid": "claim-1-vanishing", "flag": "vanishing-gradients",
                  "on": { "activation": "relu", "init": "he-normal" }, "not_on": { "activation": "sigmoid", "init": "gaussian" } },
                { "name": "plain SGD beats momentum", "grid": "claim-7-momentum", "metric": "steps_to_target",
                  "better": { "optimizer": "sgd" }, "than": { "optimizer": "momentum" } }
              ]
            }
            """, "false-claims.json");

        var verdicts = run.Analysis.Verdicts(spec.Expectations);

        Assert.All(verdicts, v => Assert.True(v.Outcome == VerdictOutcome.Refuted, $"{v.Name}: {v.Outcome}: {v.Statement}"));
    }

    [Fact]
    public void An_expectation_naming_no_configuration_is_inconclusive_and_says_why()
    {
        var spec = SpecParser.Parse("""
            { "name": "x", "seeds": 1, "grids": [ { "name": "claim-7-momentum", "axes": { "optimizer": ["sgd", "adam"] } } ],
              "expectations": [ { "name": "adam converges", "grid": "claim-7-momentum", "diagnosis": "converged", "on": { "optimizer": "adam" } } ] }
            """, "x.json");

        var verdict = run.Analysis.Verdicts(spec.Expectations).Single();

        Assert.Equal(VerdictOutcome.Inconclusive, verdict.Outcome);
        Assert.Contains("optimizer=adam", verdict.Statement);
    }

    [Fact]
    public void Configurations_are_ranked_within_their_grid()
    {
        var ranking = run.Analysis.Rank();

        Assert.Equal(run.Spec.Grids.Select(g => g.Name), run.Analysis.Grids);
        Assert.All(ranking, r => Assert.StartsWith($"grid={r.Grid}, ", r.ConfigKey));
        foreach (var grid in ranking.GroupBy(r => r.Grid))
        {
            Assert.Equal(Enumerable.Range(1, grid.Count()), grid.Select(r => r.Rank));
            Assert.All(grid.SelectMany(r => r.TrialIds), id => Assert.Equal(grid.Key, run.Spec.GridOf(run.Analysis.TrialsById[id].Config)));
        }

        Assert.All(run.Analysis.FactorEffects(), e => Assert.Contains(e.Grid, run.Analysis.Grids));
    }

    [Fact]
    public void The_report_states_every_verdict_next_to_its_evidence()
    {
        string html = HtmlReport.Render(run.Analysis);
        foreach (var verdict in run.Analysis.Verdicts())
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(verdict.Name), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(verdict.Statement), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(verdict.Evidence[0]), html);
        }
    }

    [ChromiumFact]
    public async Task The_report_of_the_real_claims_sweep_draws_in_chromium()
    {
        string folder = Directory.CreateTempSubdirectory("sweep-claims-report-").FullName;
        try
        {
            string file = Path.Combine(folder, "report.html");
            HtmlReport.Write(run.Analysis, file);
            await using var page = await LivePage.OpenAsync(new Uri(file).AbsoluteUri);
            await page.WaitForAsync("document.body.getAttribute('data-charts')");
            Assert.Empty(page.Errors);
            Assert.Contains("1. Vanishing gradients in deep sigmoid networks", await page.EvaluateAsync<string>("document.body.innerText"));
            var train = await Report.ReportInChromiumTests.Inspect(page, "chart-train");
            Assert.Equal(run.Analysis.Configurations.Count, train.Series.Count(s => s.Type == "line"));
            var layers = await Report.ReportInChromiumTests.Inspect(page, "chart-layers");
            string trial = await page.EvaluateAsync<string>("window.sweepReport.data.layers[0].id");
            Assert.Equal(run.Analysis.LayersOf(TrialId.Parse(trial)).Select(l => l.Layer).Distinct().Count(), layers.Series.Count(s => s.Type == "line"));
            Report.ReportInChromiumTests.AssertAxesReadable("chart-layers", layers);
            await page.ResizeAsync(800);
            Assert.Empty(await page.OverflowingElementsAsync());
            await page.ResizeAsync(1400);
            await page.ScreenshotAsync(Path.Combine(ReducedRun.RepositoryRoot(), "artifacts", "test-screenshots", "seed-claims-report.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_claims_sweep_states_its_eight_claims_as_expectations_with_three_seeds()
    {
        var spec = SpecParser.ParseFile(ReducedRun.SpecFile());

        Assert.Equal(8, spec.Expectations.Count);
        Assert.Equal(spec.Grids.Select(g => g.Name), spec.Expectations.Select(e => e.Grid));
        Assert.True(spec.Seeds.Count >= 3, $"{spec.Seeds.Count} seeds");
    }

    [Fact]
    public void A_claims_sweep_missing_a_grid_says_the_claim_cannot_be_checked()
    {
        var spec = run.Spec;
        var withoutFirst = run.Analysis.Trials.Where(t => spec.GridOf(t.Config) != spec.Grids[0].Name);
        var analysis = SweepAnalysis.FromTrials(withoutFirst, spec, new AnalysisOptions { LoadLayers = false });

        var verdicts = analysis.Verdicts();

        Assert.Equal(VerdictOutcome.Inconclusive, verdicts[0].Outcome);
        Assert.Contains("Cannot be checked", verdicts[0].Statement);
        Assert.All(verdicts.Skip(1), v => Assert.DoesNotContain("Cannot be checked", v.Statement));
    }

    /// <summary>Trains the reduced claims sweep once for all tests of the class.</summary>
    public sealed class ReducedRun
    {
        public ReducedRun()
        {
            Spec = Reduce(SpecFile());
            var trials = Spec.EnumerateTrials().ToList();
            var results = new ConcurrentBag<TrialData>();
            Parallel.ForEach(trials, new ParallelOptions { MaxDegreeOfParallelism = 2 }, config =>
            {
                var result = Trainer.Run(config, TableReaders.None);
                results.Add(new TrialData(TrialId.Of(config), config, result.Status, result.Summary, result.WallSeconds, result.Curve, result.Layers));
            });
            Analysis = SweepAnalysis.FromTrials(results, Spec, new AnalysisOptions { TargetLoss = Spec.Ranking.TargetLoss });
        }

        public SweepSpec Spec { get; }

        public SweepAnalysis Analysis { get; }

        public static string SpecFile() => Path.Combine(RepositoryRoot(), "experiments", "seed-claims.json");

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

        /// <summary>The spec's three seeds; the overfitting grid narrower and shorter (its wide layers dominate the run time).</summary>
        private static SweepSpec Reduce(string file)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var overfitting = json["grids"]!.AsArray().Single(g => (string)g!["name"]! == "claim-8-overfitting")!;
            overfitting["axes"]!["width"] = new JsonArray(256);
            overfitting["steps"] = 600;
            return SpecParser.Parse(json.ToJsonString(), Path.GetFileName(file) + " (reduced)");
        }
    }
}

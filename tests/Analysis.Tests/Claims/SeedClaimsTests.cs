using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Claims;

/// <summary>
/// Runs a reduced version of experiments/seed-claims.json (one sweep, one grid per claim) with the
/// real engine, in process, two trials at a time: two seeds instead of three, and a narrower,
/// shorter overfitting grid. Each claim's verdict comes from the ranking, flags and diagnoses of
/// its own grid, never from fixed numbers.
/// </summary>
public sealed class SeedClaimsTests(SeedClaimsTests.ReducedRun run) : IClassFixture<SeedClaimsTests.ReducedRun>
{
    public static readonly TheoryData<int> Claims = [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Claims))]
    public void Each_claim_is_confirmed_by_the_data(int claim)
    {
        var findings = SeedClaims.EvaluateAll(run.Analysis);
        Assert.Equal(SeedClaims.ClaimCount, findings.Count);
        var finding = findings[claim - 1];
        Assert.StartsWith($"{claim}. ", finding.Title);
        Assert.True(finding.Holds, $"{finding.Title}: {finding.Statement}\n{string.Join("\n", finding.Evidence)}");
        Assert.NotEmpty(finding.Evidence);
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
    public void The_report_states_every_finding_next_to_its_evidence()
    {
        string html = HtmlReport.Render(run.Analysis);
        foreach (var finding in SeedClaims.EvaluateAll(run.Analysis))
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(finding.Title), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(finding.Statement), html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(finding.Evidence[0]), html);
        }

        Assert.Contains("5. Clipping prevents divergence", html);
    }

    [ChromiumFact]
    public void The_report_of_the_real_claims_sweep_draws_in_chromium()
    {
        string folder = Directory.CreateTempSubdirectory("sweep-claims-report-").FullName;
        try
        {
            string file = Path.Combine(folder, "report.html");
            HtmlReport.Write(run.Analysis, file);
            var page = HeadlessChromium.DumpDom(file);
            Assert.Empty(page.ConsoleMessages);
            Assert.Contains("<pre id=\"report-errors\" class=\"errors\"></pre>", page.Dom);
            Assert.Contains("1. Vanishing gradients in deep sigmoid networks", page.Dom);
            Assert.Contains("8. Small data, wide network: overfitting", page.Dom);
            string layers = Regex.Match(page.Dom, "<svg class=\"chart\" data-chart=\"layers\".*?</svg>", RegexOptions.Singleline).Value;
            Assert.True(Regex.Matches(layers, "<path class=\"series\"").Count >= 3, "the layer chart should draw several layers");
            HeadlessChromium.Screenshot(file, Path.Combine(ReducedRun.RepositoryRoot(), "artifacts", "test-screenshots", "seed-claims-report.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_claims_sweep_has_one_grid_per_claim_with_several_seeds()
    {
        var spec = SpecParser.ParseFile(ReducedRun.SpecFile());

        Assert.Equal(SeedClaims.SweepName, spec.Name);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], spec.Grids.Select(g => SeedClaims.ClaimNumber(g.Name)).Cast<int>());
        Assert.All(spec.Grids, g => Assert.StartsWith(SeedClaims.GridPrefix, g.Name));
        Assert.True(spec.Seeds.Count >= 3, $"{spec.Seeds.Count} seeds");
    }

    [Fact]
    public void A_claims_sweep_missing_a_grid_says_the_claim_cannot_be_checked()
    {
        var spec = run.Spec;
        var withoutFirst = run.Analysis.Trials.Where(t => spec.GridOf(t.Config) != spec.Grids[0].Name);
        var analysis = SweepAnalysis.FromTrials(withoutFirst, spec, new AnalysisOptions { LoadLayers = false });

        var findings = SeedClaims.EvaluateAll(analysis);

        Assert.False(findings[0].Holds);
        Assert.Contains("cannot be checked", findings[0].Title);
        Assert.Equal(SeedClaims.ClaimCount - 1, findings.Count(f => !f.Title.Contains("cannot be checked", StringComparison.Ordinal)));
    }

    [Fact]
    public void Other_sweeps_have_no_claim()
    {
        Assert.Null(SeedClaims.ClaimNumber("quickstart"));
        Assert.Equal(3, SeedClaims.ClaimNumber("claim-3-normalization"));
        Assert.Equal(3, SeedClaims.ClaimNumber("seed-claims-3-normalization"));
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
                var result = Trainer.Run(config);
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

        /// <summary>Two seeds; the overfitting grid also narrower and shorter (its wide layers dominate the run time).</summary>
        private static SweepSpec Reduce(string file)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            json["seeds"] = 2;
            var overfitting = json["grids"]!.AsArray().Single(g => SeedClaims.ClaimNumber((string)g!["name"]!) == 8)!;
            overfitting["axes"]!["width"] = new JsonArray(256);
            overfitting["steps"] = 600;
            return SpecParser.Parse(json.ToJsonString(), Path.GetFileName(file) + " (reduced)");
        }
    }
}

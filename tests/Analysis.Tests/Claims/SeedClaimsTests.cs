using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Analysis.Tests.Claims;

/// <summary>
/// Runs a reduced version of experiments/seed-claims/ with the real engine, in process, two trials
/// at a time: two seeds instead of three, and a narrower, shorter overfitting sweep. Each claim's
/// verdict comes from the ranking, flags and diagnoses of its own sweep, never from fixed numbers.
/// </summary>
public sealed class SeedClaimsTests(SeedClaimsTests.ReducedRun run) : IClassFixture<SeedClaimsTests.ReducedRun>
{
    public static readonly TheoryData<int> Claims = [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Claims))]
    public void Each_claim_is_confirmed_by_the_data(int claim)
    {
        var analysis = run.Analyses.Single(a => SeedClaims.ClaimNumber(a.Name) == claim);
        var finding = SeedClaims.Evaluate(analysis);
        Assert.NotNull(finding);
        Assert.True(finding.Holds, $"{finding.Title}: {finding.Statement}\n{string.Join("\n", finding.Evidence)}");
        Assert.NotEmpty(finding.Evidence);
    }

    [Fact]
    public void The_report_of_a_claim_states_its_finding()
    {
        var analysis = run.Analyses.Single(a => SeedClaims.ClaimNumber(a.Name) == 5);
        string html = HtmlReport.Render(analysis);
        Assert.Contains("5. Clipping prevents divergence", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(SeedClaims.Evaluate(analysis)!.Statement), html);
    }

    [ChromiumFact]
    public void The_report_of_a_real_claim_sweep_draws_in_chromium()
    {
        var analysis = run.Analyses.Single(a => SeedClaims.ClaimNumber(a.Name) == 1);
        string folder = Directory.CreateTempSubdirectory("sweep-claims-report-").FullName;
        try
        {
            string file = Path.Combine(folder, "report.html");
            HtmlReport.Write(analysis, file);
            var page = HeadlessChromium.DumpDom(file);
            Assert.Empty(page.ConsoleMessages);
            Assert.Contains("<pre id=\"report-errors\" class=\"errors\"></pre>", page.Dom);
            Assert.Contains("1. Vanishing gradients in deep sigmoid networks", page.Dom);
            string layers = Regex.Match(page.Dom, "<svg class=\"chart\" data-chart=\"layers\".*?</svg>", RegexOptions.Singleline).Value;
            Assert.True(Regex.Matches(layers, "<path class=\"series\"").Count >= 3, "the layer chart should draw several layers");
            HeadlessChromium.Screenshot(file, Path.Combine(ReducedRun.RepositoryRoot(), "artifacts", "test-screenshots", "seed-claim-1-report.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_claim_specs_cover_all_eight_claims_with_several_seeds()
    {
        var specs = ReducedRun.SpecFiles().Select(SpecParser.ParseFile).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], specs.Select(s => SeedClaims.ClaimNumber(s.Name)).Order().Cast<int>());
        Assert.All(specs, s => Assert.True(s.Seeds.Count >= 3, $"{s.Name} has {s.Seeds.Count} seeds"));
    }

    [Fact]
    public void Other_sweeps_have_no_claim() =>
        Assert.Null(SeedClaims.ClaimNumber("quickstart"));

    /// <summary>Trains every reduced claim sweep once for all tests of the class.</summary>
    public sealed class ReducedRun
    {
        public ReducedRun()
        {
            var specs = SpecFiles().Select(Reduce).ToList();
            var trials = specs.SelectMany(spec => spec.EnumerateTrials().Select(config => (spec.Name, config))).ToList();
            var results = new ConcurrentDictionary<string, ConcurrentBag<TrialData>>();
            Parallel.ForEach(trials, new ParallelOptions { MaxDegreeOfParallelism = 2 }, item =>
            {
                var result = Trainer.Run(item.config);
                results.GetOrAdd(item.Name, _ => []).Add(new TrialData(
                    TrialId.Of(item.config), item.config, result.Status, result.Summary, result.WallSeconds, result.Curve, result.Layers));
            });
            Analyses = [.. specs.Select(spec => SweepAnalysis.FromTrials(
                results[spec.Name], new AnalysisOptions { TargetLoss = spec.Ranking.TargetLoss }, spec.Name))];
        }

        public IReadOnlyList<SweepAnalysis> Analyses { get; }

        public static IEnumerable<string> SpecFiles() =>
            Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "experiments", "seed-claims"), "*.json").Order(StringComparer.Ordinal).ToList();

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

        /// <summary>Two seeds everywhere; the overfitting sweep also narrower and shorter (its wide layers dominate the run time).</summary>
        private static SweepSpec Reduce(string file)
        {
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            json["seeds"] = 2;
            if (SeedClaims.ClaimNumber((string)json["name"]!) == 8)
            {
                json["axes"]!["width"] = new JsonArray(256);
                json["steps"] = 600;
            }

            return SpecParser.Parse(json.ToJsonString(), Path.GetFileName(file) + " (reduced)");
        }
    }
}

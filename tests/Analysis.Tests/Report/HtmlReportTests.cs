using System.Text.RegularExpressions;
using Sweep.Analysis.Tests.Support;

namespace Sweep.Analysis.Tests.Report;

public class HtmlReportTests
{
    private static readonly string[] ChartKinds = ["curves", "layers", "effects", "heatmap", "diagnoses", "flags"];

    private static SweepAnalysis Analysis() => SweepAnalysis.FromTrials(SyntheticSweep.Trials(), name: "synthetic");

    private static ReportOptions WithFinding() => new()
    {
        Verdicts =
        [
            new Verdict(
                new Specs.SpecExpectation("Claim 1", "expectations[0]", Specs.ExpectationKind.Flag, null, null, "vanishing-gradients", [],
                    Specs.ConfigMatch.Everything, null, true, 1),
                VerdictOutcome.Confirmed, "Every deep sigmoid seed carries the flag.", ["depth=8 sigmoid: 4/4 flagged"]),
        ],
    };

    [Fact]
    public void The_page_is_self_contained()
    {
        string html = HtmlReport.Render(Analysis(), WithFinding());
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*""?(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_chart_is_present_with_data()
    {
        string html = HtmlReport.Render(Analysis(), WithFinding());
        foreach (string kind in ChartKinds)
        {
            var match = Regex.Match(html, $"data-chart=\"{kind}\" data-marks=\"(\\d+)\"");
            Assert.True(match.Success, $"chart '{kind}' missing");
            Assert.True(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, $"chart '{kind}' has no data");
        }
    }

    [Fact]
    public void Findings_are_stated_in_words_next_to_their_evidence()
    {
        string html = HtmlReport.Render(Analysis(), WithFinding());
        Assert.Matches(new Regex("Every deep sigmoid seed carries the flag\\.</td><td><ul><li>depth=8 sigmoid: 4/4 flagged</li>"), html);
        Assert.Contains("confirmed", html);
    }

    [Fact]
    public void The_ranking_table_lists_every_configuration_with_ties_marked()
    {
        var analysis = Analysis();
        string html = HtmlReport.Render(analysis);
        foreach (var config in analysis.Configurations)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(config.ConfigKey), html);
        }

        int rows = Regex.Matches(Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline).Value, "<tr>").Count;
        Assert.Equal(analysis.Configurations.Count + 1, rows);
    }

    [Fact]
    public void Write_creates_the_folder_and_leaves_no_temp_file()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sweep-report-" + Guid.NewGuid().ToString("N"), "nested");
        try
        {
            string file = Path.Combine(folder, "report.html");
            HtmlReport.Write(Analysis(), file);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file));
            Assert.Equal([file], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [ChromiumFact]
    public void Chromium_loads_the_page_without_errors_and_draws_every_chart()
    {
        string folder = Directory.CreateTempSubdirectory("sweep-report-").FullName;
        try
        {
            string file = Path.Combine(folder, "report.html");
            HtmlReport.Write(Analysis(), file, WithFinding());
            var page = HeadlessChromium.DumpDom(file);

            Assert.Empty(page.ConsoleMessages);
            Assert.Matches(new Regex("<pre id=\"report-errors\" class=\"errors\"></pre>"), page.Dom);
            int charts = Regex.Matches(page.Dom, "<svg class=\"chart\"").Count;
            Assert.Equal(7, charts);
            Assert.Contains($"data-charts=\"{charts}\"", page.Dom);
            foreach (string kind in new[] { "curves", "layers" })
            {
                string svg = Regex.Match(page.Dom, $"<svg class=\"chart\" data-chart=\"{kind}\".*?</svg>", RegexOptions.Singleline).Value;
                var paths = Regex.Matches(svg, "<path class=\"series\" data-points=\"(\\d+)\" d=\"M[^\"]+L[^\"]+\"");
                Assert.True(paths.Count >= 2, $"chart '{kind}' drew {paths.Count} lines");
            }

            Assert.True(Regex.Matches(page.Dom, "<rect class=\"cell\"").Count >= 4);
            Assert.True(Regex.Matches(page.Dom, "<line class=\"whisker\"").Count >= 6);

            string screenshot = Path.Combine(RepositoryRoot(), "artifacts", "test-screenshots", "analysis-report.png");
            HeadlessChromium.Screenshot(file, screenshot);
            byte[] png = File.ReadAllBytes(screenshot);
            Assert.True(png.Length > 20_000, $"screenshot is only {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sweep.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

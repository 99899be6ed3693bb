using System.Text.RegularExpressions;
using Sweep.Analysis.Tests.Support;

namespace Sweep.Analysis.Tests.Report;

public class HtmlReportTests
{
    internal static SweepAnalysis SyntheticAnalysis() => SweepAnalysis.FromTrials(SyntheticSweep.Trials(), name: "synthetic");

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

    /// <summary>The text side of self-containment (the library is inlined, not linked); ReportInChromiumTests checks the browser makes no request outside the file.</summary>
    [Fact]
    public void The_page_inlines_the_chart_library_and_links_nothing()
    {
        string html = HtmlReport.Render(Analysis(), WithFinding());
        string markup = Regex.Replace(html, "<script[^>]*>.*?</script>", "<script></script>", RegexOptions.Singleline);
        Assert.DoesNotMatch(new Regex(@"<(script|link|img|iframe)[^>]*\s(src|href)\s*=", RegexOptions.IgnoreCase), markup);
        Assert.Contains(ChartLibrary.ECharts[..200], html);
        Assert.Contains($"{ChartLibrary.Name} {ChartLibrary.Version}", html);
        Assert.Equal(Regex.Matches(html, "<script").Count, Regex.Matches(html, "</script>").Count);
    }

    [Fact]
    public void Findings_are_stated_in_words_next_to_their_evidence()
    {
        string html = HtmlReport.Render(Analysis(), WithFinding());
        Assert.Matches(new Regex("Every deep sigmoid seed carries the flag\\.</td><td><ul><li>depth=8 sigmoid: 4/4 flagged</li>"), html);
        Assert.Contains("confirmed", html);
    }

    [Fact]
    public void The_overview_states_how_the_target_was_set()
    {
        var analysis = Analysis();
        string html = HtmlReport.Render(analysis);

        Assert.NotEmpty(analysis.TargetNotes);
        foreach (string note in analysis.TargetNotes)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(note.Replace("WARNING: ", "", StringComparison.Ordinal)), html);
        }
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
    public void Each_diagnosis_in_the_ranking_shows_every_seeds_numbers_on_hover()
    {
        var analysis = Analysis();
        string html = HtmlReport.Render(analysis);
        string table = Regex.Match(html, "<table class=\"ranking\">.*?</table>", RegexOptions.Singleline).Value;

        foreach (var config in analysis.Configurations)
        {
            Assert.Equal(config.Seeds, config.SeedEvidence.Count);
            Assert.All(config.SeedEvidence.Zip(config.SeedDiagnoses), pair => Assert.Matches($"^seed \\d+: {Regex.Escape(pair.Second)}: .+", pair.First));
            Assert.Contains($"<td title=\"{System.Net.WebUtility.HtmlEncode(string.Join("\n", config.SeedEvidence))}\">", table);
        }
    }

    [Fact]
    public void The_reading_guide_defines_steps_to_target_as_reached_and_held()
    {
        string html = HtmlReport.Render(Analysis());
        Assert.Contains("stays at or below the target to the end of the run (reached and held)", html);
        Assert.DoesNotContain("first evaluation step whose train loss is at or below the target", html);
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

    internal static string RepositoryRoot()
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

using Sweep.Specs;
using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Report;

/// <summary>
/// The report as the browser draws it: assertions read the ECharts instances and the layout of the
/// live page (console, requests, series, axes, widths), never the HTML text.
/// </summary>
public class ReportInChromiumTests
{
    /// <summary>For a chart id: its series (name, type, points) and each cartesian axis's extent and tick count.</summary>
    internal const string InspectChart = """
        (id => {
          const chart = window.sweepReport.charts[id];
          if (!chart) { return null; }
          const model = chart.getModel();
          const series = model.getSeries().map(s => ({ name: s.name, type: s.subType, points: s.getData().count() }));
          const axes = [];
          for (const kind of ['xAxis', 'yAxis']) {
            const component = model.getComponent(kind, 0);
            if (component && component.axis.type !== 'category') {
              const extent = component.axis.scale.getExtent();
              axes.push({ kind, type: component.axis.type, min: extent[0], max: extent[1], ticks: component.axis.getViewLabels().length });
            }
          }
          return JSON.stringify({ series, axes });
        })
        """;

    public sealed record SeriesInfo(string Name, string Type, int Points);

    public sealed record AxisInfo(string Kind, string Type, double? Min, double? Max, int Ticks);

    public sealed record ChartInfo(IReadOnlyList<SeriesInfo> Series, IReadOnlyList<AxisInfo> Axes);

    internal static async Task<ChartInfo> Inspect(LivePage page, string id, string registry = "window.sweepReport.charts")
    {
        string json = await page.EvaluateAsync<string>($"{InspectChart.Replace("window.sweepReport.charts", registry, StringComparison.Ordinal)}('{id}')");
        Assert.False(json is null, $"chart {id} was not drawn");
        return System.Text.Json.JsonSerializer.Deserialize<ChartInfo>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
    }

    internal static void AssertAxesReadable(string id, ChartInfo chart)
    {
        foreach (var axis in chart.Axes)
        {
            Assert.True(axis.Min is { } min && double.IsFinite(min) && axis.Max is { } max && double.IsFinite(max) && max > min,
                $"{id} {axis.Kind}: range [{axis.Min}, {axis.Max}]");
            Assert.True(axis.Ticks > 1, $"{id} {axis.Kind} has {axis.Ticks} labelled tick(s)");
        }
    }

    /// <summary>The synthetic sweep with one seed whose loss explodes to 1e29 and whose layers 0 and 2 have exactly zero gradient.</summary>
    private static (SweepAnalysis Analysis, TrialId Broken) Hostile()
    {
        var trials = SyntheticSweep.Trials().ToList();
        int index = trials.FindIndex(t => t.Config.Depth == 8 && t.Config.Activation == "relu" && t.Config.Lr < 0.5);
        var broken = trials[index];
        trials[index] = broken with
        {
            Curve = [.. broken.Curve.Select((p, i) => i == 5 ? p with { TrainLoss = 1e29, ValLoss = double.PositiveInfinity } : p)],
            Layers = [.. broken.Layers.Select(l => l.Layer is 0 or 2 ? l with { GradNorm = 0 } : l)],
        };
        return (SweepAnalysis.FromTrials(trials, name: "hostile"), broken.TrialId);
    }

    private static async Task<(LivePage Page, string Folder)> Open(SweepAnalysis analysis, ReportOptions? options = null, int width = 1400)
    {
        string folder = Directory.CreateTempSubdirectory("sweep-report-").FullName;
        string file = Path.Combine(folder, "report.html");
        HtmlReport.Write(analysis, file, options);
        var page = await LivePage.OpenAsync(new Uri(file).AbsoluteUri, width);
        await page.WaitForAsync("document.body.getAttribute('data-charts')");
        return (page, folder);
    }

    [ChromiumFact]
    public async Task The_page_draws_every_chart_offline_without_errors_and_fits_800_and_1920_pixels()
    {
        var analysis = HtmlReportTests.SyntheticAnalysis();
        var (page, folder) = await Open(analysis);
        await using (page)
        {
            try
            {
                Assert.Empty(page.Errors);
                string self = new Uri(Path.Combine(folder, "report.html")).AbsoluteUri;
                Assert.All(page.Requests, url => Assert.True(url == self || url.StartsWith("data:", StringComparison.Ordinal), $"request outside the file: {url}"));
                Assert.Equal("", await page.EvaluateAsync<string>("document.getElementById('report-errors').textContent"));

                string[] ids = ["chart-train", "chart-val", "chart-layers", "chart-effect-0", "chart-effect-1", "chart-heatmap", "chart-parallel", "chart-scatter", "chart-diagnoses", "chart-flags"];
                foreach (string id in ids)
                {
                    var chart = await Inspect(page, id);
                    Assert.True(chart.Series.Sum(s => s.Points) > 0, $"{id} draws nothing");
                    AssertAxesReadable(id, chart);
                }

                var train = await Inspect(page, "chart-train");
                Assert.Equal(analysis.Configurations.Count, train.Series.Count(s => s.Type == "line"));
                Assert.Equal(analysis.Configurations.Select(c => c.ConfigKey).Order(), train.Series.Where(s => s.Type == "line").Select(s => s.Name).Order());
                var parallel = await Inspect(page, "chart-parallel");
                Assert.Equal(analysis.Configurations.Count, parallel.Series.Single().Points);

                foreach (int width in new[] { 800, 1920 })
                {
                    await page.ResizeAsync(width);
                    Assert.Empty(await page.OverflowingElementsAsync());
                    foreach (string id in ids)
                    {
                        AssertAxesReadable($"{id} at {width} px", await Inspect(page, id));
                    }
                }

                Assert.Empty(page.Errors);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [ChromiumFact]
    public async Task An_exploded_curve_is_clipped_and_marked_and_zero_gradients_keep_their_layers()
    {
        var (analysis, broken) = Hostile();
        var (page, folder) = await Open(analysis, new ReportOptions { LayerTrialId = broken });
        await using (page)
        {
            try
            {
                Assert.Empty(page.Errors);
                var train = await Inspect(page, "chart-train");
                Assert.Equal(analysis.Configurations.Count, train.Series.Count(s => s.Type == "line"));
                Assert.True(train.Series.Single(s => s.Type == "scatter").Points >= 1, "the exploded point has no marker");
                var y = train.Axes.Single(a => a.Kind == "yAxis");
                Assert.True(y.Max <= 100, $"the y-axis reaches {y.Max}: an exploded value stretched it");
                AssertAxesReadable("chart-train", train);

                var layers = await Inspect(page, "chart-layers");
                int depth = analysis.TrialsById[broken].Config.Depth;
                Assert.Equal(Enumerable.Range(0, depth + 1).Select(l => $"layer {l}"), layers.Series.Where(s => s.Type == "line").Select(s => s.Name.Split(" (")[0]));
                Assert.Equal(2 * analysis.TrialsById[broken].Curve.Count, layers.Series.Single(s => s.Type == "scatter").Points);
                AssertAxesReadable("chart-layers", layers);
                string caption = await page.EvaluateAsync<string>("document.getElementById('layers-caption').textContent");
                Assert.Contains(broken.ToString(), caption);
                Assert.Contains("exactly 0", caption);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [ChromiumFact]
    public async Task The_end_of_every_pruned_curve_is_marked_without_errors()
    {
        // Every trial of the slowest learning rate stopped by a rule after 5 evaluation points.
        var trials = SyntheticSweep.Trials().ToList();
        double slowest = trials.Min(t => t.Config.Lr);
        var pruned = trials
            .Select(t => t.Config.Lr == slowest
                ? SyntheticTrials.Trial(t.Config, [.. t.Curve.Take(5)], TrialStatus.Pruned) with { StopRule = "asha", StopReason = "rung 0" }
                : t)
            .ToList();
        var analysis = SweepAnalysis.FromTrials(pruned, name: "pruned");
        var (page, folder) = await Open(analysis);
        await using (page)
        {
            try
            {
                Assert.Empty(page.Errors);
                foreach (string id in new[] { "chart-train", "chart-val" })
                {
                    var chart = await Inspect(page, id);
                    var marks = chart.Series.Single(s => s.Name == "pruned (stopped here)");
                    Assert.Equal("scatter", marks.Type);
                    Assert.Equal(pruned.Count(t => t.Status == TrialStatus.Pruned), marks.Points);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [ChromiumFact]
    public async Task Choosing_a_configuration_shows_only_its_seeds_and_hover_shows_values()
    {
        var analysis = HtmlReportTests.SyntheticAnalysis();
        var (page, folder) = await Open(analysis);
        await using (page)
        {
            try
            {
                // Hover: moving the mouse onto a point shows a tooltip naming its seed, step and value.
                double[] xy = await page.EvaluateAsync<double[]>("""
                    (() => {
                      const chart = window.sweepReport.charts['chart-train'];
                      const point = chart.getOption().series[0].data[3];
                      const at = chart.convertToPixel({ seriesIndex: 0 }, [point[0], point[1]]);
                      const box = document.getElementById('chart-train').getBoundingClientRect();
                      window.scrollTo(0, 0);
                      return [box.left + at[0], box.top + at[1]];
                    })()
                    """);
                await page.Page.EvaluateExpressionAsync($"window.scrollTo(0, {xy[1] - 300})");
                double scrolled = await page.EvaluateAsync<double>("window.scrollY");
                await page.Page.Mouse.MoveAsync((decimal)xy[0], (decimal)(xy[1] - scrolled));
                await page.WaitForAsync("[...document.querySelectorAll('#chart-train div')].some(d => /seed \\d+, step \\d+: /.test(d.textContent))");

                string key = analysis.Configurations[0].ConfigKey;
                await page.Page.SelectAsync("#curve-config", key);
                string shown = await page.EvaluateAsync<string>(
                    "Object.entries(window.sweepReport.charts['chart-train'].getOption().legend[0].selected).filter(e => e[1]).map(e => e[0]).join('|')");
                Assert.Equal(key, shown);
                Assert.Empty(page.Errors);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [ChromiumFact]
    public async Task A_dense_chart_drops_point_symbols_but_hover_still_names_the_nearest_seed()
    {
        // 40 trials x 200 drawn points: above the symbol limit of charts.js.
        var trials = new List<TrialData>();
        foreach (double lr in new[] { 0.001, 0.01, 0.1, 1.0 })
        {
            for (int seed = 1; seed <= 10; seed++)
            {
                var config = new Engine.Config.TrialConfig { Lr = lr, Seed = seed };
                trials.Add(SyntheticTrials.Trial(config, SyntheticTrials.Curve(SyntheticTrials.Falling(lr + 0.01 * seed), points: 200)));
            }
        }

        var (page, folder) = await Open(SweepAnalysis.FromTrials(trials, name: "dense"));
        await using (page)
        {
            try
            {
                Assert.Empty(page.Errors);
                Assert.False(await page.EvaluateAsync<bool>("window.sweepReport.charts['chart-train'].getOption().series[0].showSymbol"));
                double[] xy = await page.EvaluateAsync<double[]>("""
                    (() => {
                      const chart = window.sweepReport.charts['chart-train'];
                      const point = chart.getOption().series[0].data[50];
                      const at = chart.convertToPixel({ seriesIndex: 0 }, [point[0], point[1]]);
                      const box = document.getElementById('chart-train').getBoundingClientRect();
                      return [box.left + window.scrollX + at[0], box.top + window.scrollY + at[1]];
                    })()
                    """);
                await page.Page.EvaluateExpressionAsync($"window.scrollTo(0, {xy[1] - 300})");
                double scrolled = await page.EvaluateAsync<double>("window.scrollY");
                await page.Page.Mouse.MoveAsync((decimal)xy[0], (decimal)(xy[1] - scrolled));
                await page.WaitForAsync("[...document.querySelectorAll('#chart-train div')].some(d => /seed \\d+, step \\d+: /.test(d.textContent))");
                Assert.Empty(page.Errors);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

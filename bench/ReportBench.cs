using System.Diagnostics;
using System.Text.Json.Nodes;
using Sweep.Analysis;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>
/// Export-SweepReport's library path on a synthetic 1,000-trial run folder (100 configurations x 10
/// seeds, 20 evaluation points each, written like <see cref="RankingBench"/>'s): load, rank and
/// render the page, its size, and the page itself kept at artifacts/bench/report-1000.html so that
/// its load time in a browser can be measured beside an empty page. The peer, measured in the same
/// run, is loading and ranking alone: the ratio is the report's own cost.
/// </summary>
public sealed class ReportBench : IBenchSuite
{
    public string Name => "report";

    public async Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var spec = SpecParser.Parse("""
            {
              "name": "report-bench",
              "dataset": { "dataset": "spirals", "samples": 1000 },
              "base": { "batch_size": 32 },
              "steps": 400,
              "eval_every": 20,
              "axes": {
                "optimizer": ["sgd", "momentum", "adam", "adamw"],
                "lr": [0.001, 0.003, 0.01, 0.03, 0.1],
                "depth": [2, 4, 6, 8, 10]
              },
              "seeds": 10
            }
            """, "report-bench.json");
        string root = Path.Combine(Path.GetTempPath(), "sweep-report-bench-" + Guid.NewGuid().ToString("N"));
        string kept = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench", "report-1000.html");
        try
        {
            string run = Path.Combine(root, "run");
            await RankingBench.WriteFolderAsync(run, spec, cancellationToken);
            var loadRank = Measure(() => SweepAnalysis.Load(RunFolder.OpenExisting(run)).Rank().Count);
            var report = Measure(() => HtmlReport.Render(SweepAnalysis.Load(RunFolder.OpenExisting(run))).Length);
            HtmlReport.Write(SweepAnalysis.Load(RunFolder.OpenExisting(run)), kept);
            long bytes = new FileInfo(kept).Length;
            return new JsonObject
            {
                ["suite"] = Name,
                ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount },
                ["trials"] = spec.CountTrials(),
                ["report_bytes"] = bytes,
                ["chart_library_bytes"] = ChartLibrary.ECharts.Length,
                ["report_file"] = kept,
                ["cases"] = new JsonArray
                {
                    Case("load-rank (peer)", loadRank, null),
                    Case("load-rank-render-report", report, loadRank),
                },
            };
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static JsonObject Case(string name, (double Best, double Median) timing, (double Best, double Median)? peer)
    {
        var json = new JsonObject { ["name"] = name, ["seconds_best"] = Math.Round(timing.Best, 3), ["seconds_median"] = Math.Round(timing.Median, 3) };
        if (peer is { } p)
        {
            json["ratio_to_peer"] = Math.Round(timing.Median / p.Median, 2);
        }

        return json;
    }

    /// <summary>Three runs after one warm-up: best and median seconds.</summary>
    private static (double Best, double Median) Measure(Func<int> work)
    {
        work();
        var times = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return (times[0], times[1]);
    }
}

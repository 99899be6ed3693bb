using Sweep.Actors;
using Sweep.Actors.Workers;
using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;
using Sweep.Specs;

namespace Sweep.Dashboard.Tests;

/// <summary>
/// A real sweep (embedded cluster on loopback, real training) with the dashboard, looked at in
/// headless chromium while one trial is held on its slot: assertions come from the live page.
/// </summary>
public sealed class LiveDashboardTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sweep-dashboard-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static SweepSpec Spec() => SpecParser.Parse("""
        {
          "name": "live",
          "dataset": { "dataset": "spirals", "samples": 120 },
          "base": { "depth": 2, "width": 8, "batch_size": 32 },
          "steps": 60,
          "eval_every": 10,
          "axes": { "lr": [0.01, 0.1, 3.0] },
          "seeds": 2
        }
        """, "live.json");

    [ChromiumFact]
    public async Task The_live_page_shows_progress_workers_running_trials_curves_and_ranking_mid_sweep()
    {
        var spec = Spec();
        using var release = new ManualResetEventSlim();
        using var held = new ManualResetEventSlim();
        int started = 0;
        string heldId = "";
        // One slot: four trials train, then the fifth waits on the slot (at step 7 of 60) until the page has been checked.
        TrialRunner runner = (config, token, progress) =>
        {
            if (Interlocked.Increment(ref started) == 5)
            {
                heldId = $"{TrialId.Of(config)}";
                progress.Report(new TrialProgress(7, 60, 1.0));
                held.Set();
                release.Wait(token);
            }

            return Trainer.Run(config, Sweep.Engine.Data.TableReaders.None, progress, token);
        };
        var state = DashboardState.ForRunFolder(spec.Name, _folder, refresh: TimeSpan.Zero);
        var options = new SweepRunOptions { OutputPath = _folder, LocalSlots = 1, Port = 0, TrialRunner = runner };
        var server = DashboardServer.Start(state, new DashboardOptions());
        Task<SweepSummary> sweep;
        await using (server)
        {
            sweep = Task.Run(() => SweepRunner.RunAsync(spec, options, state));
            try
            {
                Assert.True(held.Wait(TimeSpan.FromSeconds(120)), "the fifth trial never started");
                await using var page = await LivePage.OpenAsync(server.Url.AbsoluteUri);
                await page.WaitForAsync("window.sweepDashboard.state && window.sweepDashboard.state.analysis && window.sweepDashboard.state.analysis.trials >= 4"
                    + " && window.sweepDashboard.state.workers.some(w => w.running.some(t => t.step === 7)) && window.sweepDashboard.charts['chart-live-train']", 60_000);

                Assert.Empty(page.Errors);
                string origin = server.Url.GetLeftPart(UriPartial.Authority);
                Assert.All(page.Requests, url => Assert.StartsWith(origin + "/", url));
                string text = await page.EvaluateAsync<string>("document.body.innerText");
                Assert.Contains("of 6 trials done", text);
                Assert.Contains($"{heldId} 7 / 60", text);
                int configurations = await page.EvaluateAsync<int>("window.sweepDashboard.state.analysis.curves.configs.length");
                int lines = await page.EvaluateAsync<int>("window.sweepDashboard.charts['chart-live-train'].getModel().getSeries().filter(s => s.subType === 'line').length");
                Assert.Equal(configurations, lines);
                Assert.InRange(configurations, 2, 3);
                Assert.True(await page.EvaluateAsync<int>("document.querySelectorAll('#ranking tbody tr').length") >= 2);
                // The held trial's loss so far (one progress report: step 7, loss 1.0) is drawn as its own line.
                string running = await page.EvaluateAsync<string>(
                    "JSON.stringify(window.sweepDashboard.charts['chart-live-running'].getModel().getSeries().map(s => [s.name, s.getData().count()]))");
                Assert.Contains($"[\"{heldId}\",1]", running);
                double[] yRange = await page.EvaluateAsync<double[]>("window.sweepDashboard.charts['chart-live-train'].getModel().getComponent('yAxis', 0).axis.scale.getExtent()");
                Assert.True(double.IsFinite(yRange[0]) && double.IsFinite(yRange[1]) && yRange[1] > yRange[0]);
                await page.ResizeAsync(800);
                Assert.Empty(await page.OverflowingElementsAsync());
                await page.ResizeAsync(1400);
                await page.ScreenshotAsync(Path.Combine(RepositoryRoot(), "artifacts", "test-screenshots", "live-dashboard.png"));
                Assert.Empty(page.Errors);
            }
            finally
            {
                release.Set();
            }

            var summary = await sweep.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(6, summary.Completed + summary.Diverged);
        }

        Assert.Contains("\"done\":true", state.Json());
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

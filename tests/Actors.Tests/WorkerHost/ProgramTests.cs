using Sweep.Actors.Tests.Cluster;

namespace Sweep.Actors.Tests.WorkerHost;

/// <summary>The sweep-worker console host's argument errors: exit code 2 and a message naming the option.</summary>
[Collection(ClusterCollection.Name)]
public class ProgramTests
{
    [Theory]
    [InlineData("--join 127.0.0.1", "--join: expected host:port")]
    [InlineData("--join 127.0.0.1:99999", "port must be a number 1..65535")]
    [InlineData("--join 127.0.0.1:4053 --slots 0", "--slots must be a whole number from 1")]
    [InlineData("--join 127.0.0.1:4053 --colour red", "unknown option --colour")]
    [InlineData("coordinate --output x", "--spec is required")]
    [InlineData("--slots 2", "--join is required")]
    [InlineData("--join 127.0.0.1:4053 --name gpu\tbox", "--name must not contain whitespace or control characters: 'gpu\tbox' has U+0009 at position 4")]
    [InlineData("coordinate --spec s.json --output x --dashboard-port 8080", "--dashboard-address and --dashboard-port need --dashboard")]
    [InlineData("coordinate --spec s.json --output x --stopping fastest", "--stopping must be none, race, asha, median, not 'fastest'")]
    public async Task Bad_arguments_exit_with_code_2_and_name_the_problem(string args, string expected)
    {
        using var process = SweepProcess.Start(args.Split(' '));

        int exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains(process.Lines, l => l.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coordinate_with_dashboard_prints_a_loopback_url_and_the_page_stops_with_the_sweep()
    {
        string folder = TestSweeps.TempFolder();
        string spec = folder + ".json";
        File.WriteAllText(spec, TestSweeps.SpecJson(lrs: 2, seeds: 1, steps: 20, name: "dash"));
        try
        {
            using var process = SweepProcess.Start("coordinate", "--spec", spec, "--output", folder, "--slots", "1", "--port", "0", "--dashboard");
            await process.WaitUntilAsync(p => p.Lines.Any(l => l.StartsWith("dashboard http://127.0.0.1:", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the dashboard URL");
            var url = new Uri(process.Lines.First(l => l.StartsWith("dashboard ", StringComparison.Ordinal))["dashboard ".Length..]);

            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            Assert.Contains(process.Lines, l => l.StartsWith("summary ", StringComparison.Ordinal));
            using var http = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(url, "api/state")));
        }
        finally
        {
            TestSweeps.DeleteFolder(folder);
            File.Delete(spec);
        }
    }
}

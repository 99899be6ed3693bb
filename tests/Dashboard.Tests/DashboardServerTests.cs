using Sweep.Specs;
using System.Net;
using System.Text.Json;
using Sweep.Actors;
using Sweep.Engine.Training;
using Sweep.Results;

namespace Sweep.Dashboard.Tests;

public class DashboardServerTests
{
    private static DashboardState EmptyState() => new("unit", () => null);

    [Fact]
    public void Running_trials_keep_their_train_loss_so_far_and_leave_when_they_finish()
    {
        var state = EmptyState();
        var id = TrialId.Parse("00000000000000cd");
        SweepProgress At(long step, double loss, bool running = true) => new(10, 0, 7, 1, 2, 0, 0, 12, TimeSpan.FromSeconds(30),
            [new WorkerStatus("local@127.0.0.1:1", 2, running ? 1 : 0, running ? [new RunningTrial(id, step, 20, loss)] : [])]);

        state.OnProgress(At(0, double.NaN));
        state.OnProgress(At(5, 1.1));
        state.OnProgress(At(5, 1.0));
        state.OnProgress(At(9, 0.7));
        using (var json = System.Text.Json.JsonDocument.Parse(state.Json()))
        {
            var curve = json.RootElement.GetProperty("runningCurves")[0];
            Assert.Equal(id.ToString(), curve.GetProperty("id").GetString());
            Assert.Equal("[[5,1.1],[9,0.7]]", curve.GetProperty("points").GetRawText());
        }

        state.OnProgress(At(0, double.NaN, running: false));
        using var after = System.Text.Json.JsonDocument.Parse(state.Json());
        Assert.Equal(0, after.RootElement.GetProperty("runningCurves").GetArrayLength());
    }

    [Fact]
    public async Task The_page_and_state_are_served_read_only_on_loopback()
    {
        var state = EmptyState();
        state.OnProgress(new SweepProgress(10, 0, 7, 1, 2, 0, 0, 12, TimeSpan.FromSeconds(30),
            [new WorkerStatus("local@127.0.0.1:1", 2, 1, [new RunningTrial(TrialId.Parse("00000000000000ab"), 5, 20)])]));
        await using var server = DashboardServer.Start(state, new DashboardOptions());
        using var http = new HttpClient();

        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.Equal("", server.Url.Query);
        var page = await http.GetAsync(server.Url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("connect-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.Url, "api/state")));
        Assert.Equal(10, json.RootElement.GetProperty("progress").GetProperty("total").GetInt64());
        Assert.Equal("00000000000000ab", json.RootElement.GetProperty("workers")[0].GetProperty("running")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("analysis").ValueKind);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(new Uri(server.Url, "api/state"), new StringContent(""))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Url, "etc/passwd"))).StatusCode);
    }

    [Fact]
    public async Task A_token_is_required_when_one_is_set_and_compared_exactly()
    {
        await using var server = DashboardServer.Start(EmptyState(), new DashboardOptions { Token = "s3cret" });
        using var http = new HttpClient();
        var bare = new Uri(server.Url.GetLeftPart(UriPartial.Path));

        Assert.Equal("?token=s3cret", server.Url.Query);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(bare)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(bare, "api/state?token=s3cre"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(server.Url)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bare, "api/state"));
        request.Headers.Add(DashboardServer.TokenHeader, "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("192.168.1.20", true)]
    public void Any_address_but_loopback_gets_a_token(string address, bool needsToken)
    {
        string? token = DashboardServer.TokenFor(IPAddress.Parse(address), given: null);

        Assert.Equal(needsToken, token is { Length: 32 });
        Assert.Equal("mine", DashboardServer.TokenFor(IPAddress.Parse(address), "mine"));
    }

    [Fact]
    public void A_host_name_or_a_bad_port_is_refused_with_the_value_named()
    {
        var error = Assert.Throws<ArgumentException>(() => DashboardServer.Start(EmptyState(), new DashboardOptions { Address = "localhost" }));
        Assert.Contains("'localhost'", error.Message);
        Assert.Contains("70000", Assert.Throws<ArgumentException>(() => DashboardServer.Start(EmptyState(), new DashboardOptions { Port = 70000 })).Message);
    }

    [Fact]
    public async Task The_server_stops_with_the_sweep()
    {
        var state = EmptyState();
        var server = DashboardServer.Start(state, new DashboardOptions());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.Url, "api/state"))).StatusCode);

        await server.DisposeAsync();

        Assert.Contains("\"done\":true", state.Json());
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(server.Url, "api/state")));
    }

    [Fact]
    public void Finished_trials_are_listed_newest_first_and_capped()
    {
        var state = EmptyState();
        for (int i = 0; i < DashboardState.RecentTrials + 5; i++)
        {
            state.OnTrialFinished(new TrialRecord(TrialRow.Empty with { TrialId = TrialId.Parse($"{i:x16}"), WorkerHost = "w", Attempts = 1 }, [], []));
        }

        using var json = JsonDocument.Parse(state.Json());
        var recent = json.RootElement.GetProperty("recent");
        Assert.Equal(DashboardState.RecentTrials, recent.GetArrayLength());
        Assert.Equal($"{DashboardState.RecentTrials + 4:x16}", recent[0].GetProperty("id").GetString());
        Assert.Equal(DashboardState.RecentTrials + 5, json.RootElement.GetProperty("finished").GetInt64());
    }
}

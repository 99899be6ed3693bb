using DuckDB.NET.Data;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// A headless sweep with adaptive stopping (ASHA) in real processes on 127.0.0.1, with real training: the coordinator
/// is killed with SIGKILL once some trials were pruned and resumed; no pruned (or finished) trial runs again, and
/// DuckDB reads every trial once, pruned ones with their status, rule and steps.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StoppingProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private const int Trials = 12;
    private const int Steps = 600;
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly string _specPath;
    private readonly List<SweepProcess> _processes = [];

    public StoppingProcessTests()
    {
        _specPath = _folder + ".json";
        // Learning rates best first: from the third configuration on, each is worse at the first rung than the ones before.
        File.WriteAllText(_specPath, $$"""
            {
              "name": "stopping-processes",
              "dataset": { "dataset": "spirals", "samples": 120 },
              "base": { "depth": 1, "width": 8, "batch_size": 32, "optimizer": "sgd" },
              "steps": {{Steps}},
              "eval_every": 20,
              "axes": { "lr": [0.3, 0.1, 0.03, 0.01, 0.003, 0.001] },
              "seeds": 2,
              "stopping": { "rule": "asha", "metric": "train_loss", "eta": 2, "min_steps": 60 }
            }
            """);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        TestSweeps.DeleteFolder(_folder);
        File.Delete(_specPath);
    }

    private SweepProcess Start(params string[] args)
    {
        var process = SweepProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    private SweepProcess StartCoordinator(int port, string mode) =>
        Start("coordinate", "--spec", _specPath, "--output", _folder, "--mode", mode, "--slots", "0", "--port", port.ToString(),
              "--stable-after", "4", "--no-worker-timeout", "100", "--stopping", "asha");

    private static List<string> Pruned(SweepProcess coordinator) =>
        [.. coordinator.Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal) && l.Contains(" pruned ", StringComparison.Ordinal))];

    [Fact]
    public async Task A_pruning_sweep_killed_and_resumed_reruns_no_pruned_trial_and_commits_each_trial_once()
    {
        int port = Ports.Free();
        var first = StartCoordinator(port, "new");
        Start("--join", $"127.0.0.1:{port}", "--slots", "1", "--stable-after", "4");

        await first.WaitUntilAsync(c => Pruned(c).Count >= 1 && c.FinishedTrialIds().Count >= 6, Patience, "a pruned trial among six finished");
        first.Kill();
        var durable = first.FinishedTrialIds();
        var second = StartCoordinator(port, "resume");
        int exit = await second.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

        string output = string.Join("\n", second.Lines);
        Assert.True(exit == 0, output);
        Assert.Empty(second.FinishedTrialIds().Intersect(durable));
        Assert.Equal(Trials, durable.Count + second.FinishedTrialIds().Count);

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        string trials = $"read_parquet('{Path.Combine(_folder, "trials", "*.parquet")}')";
        string curves = $"read_parquet('{Path.Combine(_folder, "curves", "*.parquet")}')";
        Assert.Equal(Trials, Scalar($"SELECT count(DISTINCT trial_id) FROM {trials}"));
        Assert.Equal(Trials, Scalar($"SELECT count(*) FROM {trials}"));
        Assert.True(Scalar($"SELECT count(*) FROM {trials} WHERE status = 'pruned'") >= 1, output);
        Assert.Equal(0, Scalar($"SELECT count(*) FROM {trials} WHERE status = 'pruned' AND (stop_rule IS DISTINCT FROM 'asha' OR stop_reason IS NULL OR steps_run >= {Steps})"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM {trials} WHERE status <> 'pruned' AND (stop_rule IS NOT NULL OR stop_reason IS NOT NULL)"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT trial_id, step, count(*) AS n FROM {curves} GROUP BY trial_id, step HAVING n > 1)"));
        Assert.Equal(0, Scalar($"""
            SELECT count(*) FROM {trials} t JOIN (SELECT trial_id, max(step) AS last_step FROM {curves} GROUP BY trial_id) c USING (trial_id)
            WHERE c.last_step <> t.steps_run
            """));
    }
}

using DuckDB.NET.Data;

namespace Sweep.Actors.Tests.Cluster;

/// <summary>
/// Real processes on 127.0.0.1: a headless coordinator (<c>sweep-worker coordinate</c>) and worker
/// processes (<c>sweep-worker --join</c>), killed with SIGKILL mid-sweep. Results are checked with DuckDB,
/// an independent Parquet reader.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProcessClusterTests : IDisposable
{
    /// <summary>The longest wait for the next finished trial (a start and a join included), however busy the machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string _folder = TestSweeps.TempFolder();
    private readonly string _specPath;
    private readonly List<SweepProcess> _processes = [];

    public ProcessClusterTests()
    {
        _specPath = _folder + ".json";
        // Trials long enough that the kills land mid-sweep: 1,000 steps took 50-80 ms a trial once the engine got
        // faster, and on a busy 2-core CI machine the test, polling every 100 ms beside the coordinator and two busy
        // workers, first saw three finished trials when all 24 were done (the sweep took 1.4 s). 60,000 steps take
        // 0.5-0.8 s a trial (in process, 2-core AMD EPYC), so a second's delay still leaves most trials to run.
        File.WriteAllText(_specPath, TestSweeps.SpecJson(lrs: 6, seeds: 4, steps: 60000, name: "processes"));
    }

    private const int Trials = 24;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        TestSweeps.DeleteFolder(_folder);
        File.Delete(_specPath);
    }

    private SweepProcess Start(params string[] args) => Track(SweepProcess.Start(args));

    /// <summary>Ends the process with the test (Dispose).</summary>
    private SweepProcess Track(SweepProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private SweepProcess StartCoordinator(int port, string mode, params string[] extra) =>
        Start(["coordinate", "--spec", _specPath, "--output", _folder, "--mode", mode, "--slots", "0", "--port", port.ToString(),
               "--stable-after", "4", "--no-worker-timeout", "100", .. extra]);

    private SweepProcess StartWorker(int port, params string[] extra) =>
        Start(["--join", $"127.0.0.1:{port}", "--slots", "1", "--stable-after", "4", .. extra]);

    /// <summary>
    /// A is killed mid-sweep while B carries on; then B is killed too and C, started mid-sweep, is the only
    /// worker left, so the sweep can only finish if C takes work. Three attempts per trial: the trial A was running
    /// goes back to the head of the queue, B may well be running it when B is killed, and two lost workers would
    /// use up the default two attempts (the trial is then recorded as failed, as it should be, and the sweep exits 5).
    /// </summary>
    [Fact]
    public async Task Killing_workers_mid_sweep_loses_nothing_and_a_worker_joining_mid_sweep_takes_work()
    {
        int port = Ports.Free();
        var coordinator = StartCoordinator(port, "new", "--max-attempts", "3");
        var workerA = StartWorker(port);
        var workerB = StartWorker(port);

        await coordinator.WaitUntilAsync(c => c.FinishedTrialIds().Count >= 3, Patience, "three finished trials");
        workerA.Kill();
        await coordinator.WaitUntilAsync(c => c.FinishedTrialIds().Count >= 6, Patience, "three more finished trials after A was killed");
        workerB.Kill();
        int beforeC = coordinator.FinishedTrialIds().Count;
        var workerC = StartWorker(port);
        int exit = await coordinator.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

        string output = string.Join("\n", coordinator.Lines);
        Assert.True(exit == 0, output);
        Assert.True(beforeC < Trials, output);
        string nameC = workerC.WorkerName()!;
        Assert.True(coordinator.FinishedBy(nameC) >= 1, output);
        Assert.Contains(coordinator.Lines, l => l.Contains("lost", StringComparison.Ordinal));
        // A lost worker is one warning line at the default log level: nothing from Akka on standard error.
        var stderr = coordinator.Lines.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)).ToList();
        Assert.True(stderr.Count == 0, string.Join("\n", stderr));
        AssertEveryTrialOnceWithoutDuplicateCurveRows();
    }

    /// <summary>
    /// A worker killed mid-sweep and started again with the same --name is the same worker: every trial, from either
    /// run of it, reads worker=gpu-box-7 and the same worker_host, which has no port (each run listens on another one).
    /// </summary>
    [Fact]
    public async Task A_worker_restarted_with_the_same_name_keeps_its_worker_value_and_its_host_has_no_port()
    {
        int port = Ports.Free();
        var coordinator = StartCoordinator(port, "new");
        var first = StartWorker(port, "--name", "gpu-box-7");

        await coordinator.WaitUntilAsync(c => c.FinishedTrialIds().Count >= 3, Patience, "three finished trials");
        first.Kill();
        int beforeRestart = coordinator.FinishedTrialIds().Count;
        var restarted = StartWorker(port, "--name", "gpu-box-7");
        int exit = await coordinator.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

        string output = string.Join("\n", coordinator.Lines);
        Assert.True(exit == 0, output);
        Assert.True(beforeRestart < Trials, output);
        Assert.Equal(("gpu-box-7", "gpu-box-7"), (first.WorkerName(), restarted.WorkerName()));
        string host = Environment.MachineName + "@127.0.0.1";
        Assert.Equal([("gpu-box-7", host)], coordinator.FinishedWorkers().Distinct());
        AssertEveryTrialOnceWithoutDuplicateCurveRows();
        Assert.Equal([("gpu-box-7", host)], Rows($"SELECT DISTINCT worker, worker_host FROM {TrialsGlob}", r => (r.GetString(0), r.GetString(1))));
    }

    [Fact]
    public async Task A_headless_sweep_whose_trials_all_fail_exits_5_and_says_why_on_standard_error()
    {
        string spec = _folder + "-failing.json";
        File.WriteAllText(spec, """
            { "name": "failing", "dataset": { "dataset": "csv", "dataset_path": "/nonexistent/sweep/data.csv" },
              "steps": 5, "axes": { "lr": [0.1, 0.2] }, "seeds": 1 }
            """);
        try
        {
            var coordinator = Start("coordinate", "--spec", spec, "--output", _folder, "--slots", "1", "--port", "0", "--decline-grace", "0.5");

            int exit = await coordinator.WaitForExitAsync(Patience);

            Assert.True(exit == 5, string.Join("\n", coordinator.Lines));
            Assert.Contains(coordinator.Lines, l => l.StartsWith("stderr: sweep-worker: every trial failed; first error: ", StringComparison.Ordinal)
                                                    && l.Contains("/nonexistent/sweep/data.csv", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(spec);
        }
    }

    /// <summary>
    /// Every trial fails while the dataset file is missing (exit 5); a resume with --skip-failed keeps them failed; once
    /// the file is there, a resume says it reruns them, they complete, and the folder holds each trial once.
    /// </summary>
    [Fact]
    public async Task Trials_failed_for_a_missing_dataset_are_kept_by_skip_failed_and_rerun_by_a_resume_once_it_is_there()
    {
        string data = _folder + "-data.csv";
        string spec = _folder + "-csv.json";
        File.WriteAllText(spec, $$"""
            { "name": "csv", "dataset": { "dataset": "csv", "dataset_path": "{{data}}" },
              "steps": 20, "axes": { "lr": [0.1, 0.2] }, "seeds": 2 }
            """);
        string[] coordinate = ["coordinate", "--spec", spec, "--output", _folder, "--slots", "1", "--port", "0", "--decline-grace", "0.5"];
        try
        {
            var first = Start(coordinate);
            Assert.True(await first.WaitForExitAsync(Patience) == 5, string.Join("\n", first.Lines));

            var kept = Start([.. coordinate, "--mode", "resume", "--skip-failed"]);
            Assert.True(await kept.WaitForExitAsync(Patience) == 0, string.Join("\n", kept.Lines));
            Assert.Empty(kept.FinishedTrialIds());
            Assert.DoesNotContain(kept.Lines, l => l.Contains("retrying", StringComparison.Ordinal));
            Assert.Contains(kept.Lines, l => l.StartsWith("summary ", StringComparison.Ordinal) && l.Contains(" skipped=4 ", StringComparison.Ordinal));

            File.WriteAllLines(data, ["x1,x2,label", .. Enumerable.Range(0, 40).Select(i => $"{i % 7 * 0.1:0.0},{i % 5 * 0.2:0.0},{i % 2}")]);
            var resumed = Start([.. coordinate, "--mode", "resume"]);
            int exit = await resumed.WaitForExitAsync(Patience);

            string output = string.Join("\n", resumed.Lines);
            Assert.True(exit == 0, output);
            Assert.Contains("warning: retrying 4 failed trials of the earlier run; --skip-failed to keep them as failed", resumed.Lines);
            Assert.Equal(4, resumed.Lines.Count(l => l.StartsWith("finished ", StringComparison.Ordinal) && l.Contains(" completed ", StringComparison.Ordinal)));
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*), count(DISTINCT trial_id), count(*) FILTER (WHERE status = 'completed') FROM read_parquet('{Path.Combine(_folder, "trials", "*.parquet")}')";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((4L, 4L, 4L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            Assert.Equal(4, TestSweeps.ReadTrials(_folder).Count(r => r.Status == Engine.Training.TrialStatus.Completed));
        }
        finally
        {
            File.Delete(spec);
            File.Delete(data);
        }
    }

    /// <summary>
    /// The dataset path is relative, so each worker process looks for it in its own working directory: the first worker
    /// has no such file and declines every trial; the trials wait (the coordinator says why, on its warning and progress
    /// lines) and run on a second worker, started later in a directory that has the file.
    /// </summary>
    [Fact]
    public async Task Trials_the_first_worker_declines_wait_and_run_on_a_worker_with_the_dataset_that_joins_later()
    {
        string without = Directory.CreateDirectory(_folder + "-without").FullName;
        string with = Directory.CreateDirectory(_folder + "-with").FullName;
        File.WriteAllLines(Path.Combine(with, "late.csv"), ["x1,x2,label", .. Enumerable.Range(0, 40).Select(i => $"{i % 7},{i % 5},{i % 2}")]);
        string spec = Path.Combine(without, "late.json");
        File.WriteAllText(spec, """
            { "name": "late", "dataset": { "dataset": "csv", "dataset_path": "late.csv" },
              "steps": 20, "axes": { "lr": [0.1, 0.2] }, "seeds": 2 }
            """);
        try
        {
            int port = Ports.Free();
            var coordinator = Track(SweepProcess.StartIn(without,
                "coordinate", "--spec", spec, "--output", _folder, "--slots", "0", "--port", port.ToString(), "--decline-grace", "120",
                "--stable-after", "4", "--no-worker-timeout", "100"));
            var first = Track(SweepProcess.StartIn(without, "--join", $"127.0.0.1:{port}", "--slots", "1", "--stable-after", "4"));
            await coordinator.WaitUntilAsync(
                c => c.Lines.Count(l => l.Contains("waits for a worker that can load its dataset", StringComparison.Ordinal)) >= 4, Patience, "every trial declined and waiting");
            await coordinator.WaitUntilAsync(
                c => c.Lines.Any(l => l.StartsWith("progress ", StringComparison.Ordinal) && l.Contains(" waiting=4 (late.csv: file not found)", StringComparison.Ordinal)),
                Patience, "a progress line naming the missing file");
            Assert.Empty(coordinator.FinishedTrialIds());

            var second = Track(SweepProcess.StartIn(with, "--join", $"127.0.0.1:{port}", "--slots", "1", "--stable-after", "4"));
            await second.WaitUntilAsync(w => w.Lines.Any(l => l.Contains(" joining ", StringComparison.Ordinal)), Patience, "the second worker to start");
            string secondName = second.WorkerName()!;
            int exit = await coordinator.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

            string output = string.Join("\n", coordinator.Lines);
            Assert.True(exit == 0, output);
            var finished = coordinator.Lines.Where(l => l.StartsWith("finished ", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, finished.Count);
            Assert.All(finished, l => Assert.Contains(" completed ", l));
            Assert.Equal(4, coordinator.FinishedBy(secondName));
            Assert.False(first.HasExited, "the declining worker stopped:\n" + string.Join("\n", first.Lines));
        }
        finally
        {
            Directory.Delete(without, recursive: true);
            Directory.Delete(with, recursive: true);
        }
    }

    [Fact]
    public async Task Killing_the_coordinator_and_resuming_reruns_no_finished_trial_and_misses_none()
    {
        int port = Ports.Free();
        var first = StartCoordinator(port, "new");
        StartWorker(port);

        await first.WaitUntilAsync(c => c.FinishedTrialIds().Count >= 4, Patience, "four finished trials");
        first.Kill();
        var durable = first.FinishedTrialIds();
        var second = StartCoordinator(port, "resume");
        int exit = await second.WaitForExitWhileProgressingAsync(c => c.FinishedTrialIds().Count, Patience);

        Assert.True(exit == 0, string.Join("\n", second.Lines));
        Assert.Empty(second.FinishedTrialIds().Intersect(durable));
        string summary = second.Lines.Single(l => l.StartsWith("summary ", StringComparison.Ordinal));
        int skipped = int.Parse(summary.Split(' ').Single(p => p.StartsWith("skipped=", StringComparison.Ordinal))["skipped=".Length..]);
        Assert.True(skipped >= durable.Count, summary);
        Assert.Equal(Trials - skipped, second.FinishedTrialIds().Count);
        AssertEveryTrialOnceWithoutDuplicateCurveRows();
    }

    private string TrialsGlob => $"read_parquet('{Path.Combine(_folder, "trials", "*.parquet")}')";

    /// <summary>The rows of a DuckDB query over the run folder.</summary>
    private static List<T> Rows<T>(string sql, Func<System.Data.Common.DbDataReader, T> read)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private void AssertEveryTrialOnceWithoutDuplicateCurveRows()
    {
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
        Assert.Equal(Trials, Scalar($"SELECT count(*) FROM {trials}"));
        Assert.Equal(Trials, Scalar($"SELECT count(DISTINCT trial_id) FROM {trials}"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM (SELECT trial_id, step, count(*) AS n FROM {curves} GROUP BY trial_id, step HAVING n > 1)"));
        Assert.Equal(Trials, Scalar($"SELECT count(DISTINCT trial_id) FROM {curves}"));
        Assert.Equal(0, Scalar($"SELECT count(*) FROM {curves} WHERE trial_id NOT IN (SELECT trial_id FROM {trials})"));
    }
}

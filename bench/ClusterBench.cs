using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sweep.Actors;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>
/// `Bench -Suite cluster`: what the actor layer costs and how it scales.
/// - dispatch: no-op trials (SweepRunOptions.TrialRunner returns at once) through the embedded coordinator,
///   the results writer and the run folder; target under 1 ms per trial end to end.
/// - scaling: training-bound trials, trials/hour over the span from the first trial's start to the last
///   one's end (startup and joining excluded), for 1 local slot, 2 local slots, and a coordinator with two
///   single-slot sweep-worker processes; targets 2 slots >= 1.9x and 2 processes >= 1.8x of 1 slot.
/// All cases run side by side in one process run, so they share the machine's load.
/// </summary>
public sealed class ClusterBench : IBenchSuite
{
    private const int NoOpTrials = 3000;
    private const int TrainingTrials = 16;

    /// <summary>Steps per training trial: about a second of training, so a trial's fixed costs (data, results) are small beside it.</summary>
    private const int TrainingSteps = 12_000;

    public string Name => "cluster";

    public async Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var cases = new JsonArray();
        foreach (int slots in new[] { 1, 2 })
        {
            cases.Add(await DispatchCase(slots, cancellationToken));
        }

        var oneSlot = await TrainingCase("train-1-local-slot", 1, 0, cancellationToken);
        var twoSlots = await TrainingCase("train-2-local-slots", 2, 0, cancellationToken);
        var twoProcesses = await TrainingCase("train-2-worker-processes", 0, 2, cancellationToken);
        foreach (var (json, _) in new[] { oneSlot, twoSlots, twoProcesses })
        {
            cases.Add(json);
        }

        double baseline = oneSlot.TrialsPerHour;
        return new JsonObject
        {
            ["suite"] = Name,
            ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["os"] = Environment.OSVersion.ToString() },
            ["cases"] = cases,
            ["speedup_2_local_slots"] = Math.Round(twoSlots.TrialsPerHour / baseline, 3),
            ["speedup_2_worker_processes"] = Math.Round(twoProcesses.TrialsPerHour / baseline, 3),
            ["targets"] = new JsonObject { ["dispatch_ms_per_trial"] = 1.0, ["speedup_2_local_slots"] = 1.9, ["speedup_2_worker_processes"] = 1.8 },
        };
    }

    private static async Task<JsonObject> DispatchCase(int slots, CancellationToken cancellationToken)
    {
        var spec = SpecParser.Parse(SpecJson("dispatch", NoOpTrials / 10, 10, steps: 1), "bench.json");
        string folder = TempFolder();
        try
        {
            var wall = Stopwatch.StartNew();
            var summary = await SweepRunner.RunAsync(
                spec,
                new SweepRunOptions
                {
                    OutputPath = folder, LocalSlots = slots, Port = 0,
                    TrialRunner = (_, _, _) => new TrialResult(TrialStatus.Completed, [], [], new TrialSummary(), 0),
                },
                new SilentObserver(), cancellationToken);
            wall.Stop();
            double perTrialMs = summary.Elapsed.TotalMilliseconds / summary.Completed;
            return new JsonObject
            {
                ["name"] = $"dispatch-noop-{slots}-slot" + (slots > 1 ? "s" : ""),
                ["trials"] = summary.Completed,
                ["ms_per_trial"] = Math.Round(perTrialMs, 4),
                ["trials_per_s"] = Math.Round(summary.Completed / summary.Elapsed.TotalSeconds, 1),
                ["sweep_s"] = Math.Round(summary.Elapsed.TotalSeconds, 3),
                ["wall_s_with_startup_and_shutdown"] = Math.Round(wall.Elapsed.TotalSeconds, 3),
            };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Trials/hour summed over workers, each over its own span (first start to last end), so a worker that
    /// joined a second late does not count as idle time. A warm-up sweep of as many trials on the same nodes runs
    /// first, so JIT tiering is done and the figure is the steady state of a long sweep.
    /// </summary>
    private static async Task<(JsonObject Json, double TrialsPerHour)> TrainingCase(
        string name, int localSlots, int workerProcesses, CancellationToken cancellationToken)
    {
        int port = localSlots == 0 ? FreePort() : 0;
        var workers = new List<Process>();
        try
        {
            for (int i = 0; i < workerProcesses; i++)
            {
                workers.Add(StartWorker(port));
            }

            await TrainingSweep(localSlots, port, TrainingTrials, cancellationToken);
            var rows = await TrainingSweep(localSlots, port, TrainingTrials, cancellationToken);
            var byWorker = rows.GroupBy(r => r.Worker).ToList();
            double perHour = byWorker.Sum(w => w.Count() / (w.Max(r => r.FinishedAt) - w.Min(r => r.StartedAt)).TotalSeconds * 3600);
            double span = (rows.Max(r => r.FinishedAt) - rows.Min(r => r.StartedAt)).TotalSeconds;
            var json = new JsonObject
            {
                ["name"] = name,
                ["trials"] = rows.Count,
                ["span_s"] = Math.Round(span, 3),
                ["mean_trial_s"] = Math.Round(rows.Average(r => r.DurationSeconds), 3),
                ["trials_per_hour"] = Math.Round(perHour, 0),
                ["workers"] = byWorker.Count,
                // Share of slot time spent inside trials: near 1 means the actor layer leaves no slot idle, so
                // any shortfall in speedup comes from the cores (e.g. a loaded machine), not from dispatch.
                ["slot_busy_fraction"] = Math.Round(rows.Sum(r => r.DurationSeconds) / (span * Math.Max(localSlots, workerProcesses)), 3),
            };
            return (json, perHour);
        }
        finally
        {
            foreach (var worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill(entireProcessTree: true);
                }

                worker.Dispose();
            }
        }
    }

    private static async Task<List<TrialRow>> TrainingSweep(int localSlots, int port, int trials, CancellationToken cancellationToken)
    {
        var spec = SpecParser.Parse(SpecJson("scaling-" + trials, trials, 1, steps: TrainingSteps), "bench.json");
        string folder = TempFolder();
        try
        {
            await SweepRunner.RunAsync(
                spec, new SweepRunOptions { OutputPath = folder, LocalSlots = localSlots, Port = port }, new SilentObserver(), cancellationToken);
            return RunFolder.OpenExisting(folder).CreateReader().ReadTrials().ToList();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A sweep-worker process joining 127.0.0.1:port with one slot (WorkerHost is built beside the bench).</summary>
    private static Process StartWorker(int port)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(FindWorkerHost());
        foreach (string arg in new[] { "--join", $"127.0.0.1:{port}", "--slots", "1" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sweep-worker");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>sweep-worker.dll beside the bench, or in the artifacts folder of WorkerHost built with the same configuration.</summary>
    private static string FindWorkerHost()
    {
        string here = AppContext.BaseDirectory;
        string beside = Path.Combine(here, "sweep-worker.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        var bin = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        string sibling = Path.Combine(bin.Parent!.Parent!.FullName, "Sweep.WorkerHost", bin.Name, "sweep-worker.dll");
        return File.Exists(sibling)
            ? sibling
            : throw new FileNotFoundException($"sweep-worker.dll not found beside the bench or at {sibling}: build src/WorkerHost with the same configuration first");
    }

    private static string SpecJson(string name, int lrs, int seeds, int steps) => $$"""
        {
          "name": "{{name}}",
          "dataset": { "dataset": "spirals", "samples": 1000 },
          "base": { "depth": 3, "width": 64, "batch_size": 64, "optimizer": "adam" },
          "steps": {{steps}},
          "eval_every": 50,
          "axes": { "lr": [{{string.Join(", ", Enumerable.Range(1, lrs).Select(i => (i * 1e-4).ToString("R", CultureInfo.InvariantCulture)))}}] },
          "seeds": {{seeds}}
        }
        """;

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), "sweep-bench-cluster-" + Guid.NewGuid().ToString("N"));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class SilentObserver : ISweepObserver
    {
        public void OnTrialFinished(TrialRecord record)
        {
        }

        public void OnProgress(SweepProgress progress)
        {
        }

        public void OnMessage(string message)
        {
        }
    }
}

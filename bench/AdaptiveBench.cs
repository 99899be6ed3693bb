using System.Text.Json.Nodes;
using Sweep.Actors;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Analysis;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>
/// `Bench -Suite adaptive` (issue 13): the same sweeps run without a stopping rule and with each rule, side by side in
/// one process run, so every figure shares the machine's load. Per case and rule:
/// - steps_full / steps_adaptive: training steps run (sum of steps_run, plus steps_rerun in the synchronous rung mode,
///   whose promoted trials restart from step 0), and their ratio steps_saved_ratio;
/// - steps_replay / steps_replay_ratio: the same rule replayed over the full run's curves with two slots
///   (<see cref="StoppingSimulation"/>), what the live run would do if every step cost the same: asynchronous rules
///   depend on the order results arrive in, so the live figure scatters around it;
/// - wall_s_full / wall_s_adaptive: the sweep's elapsed seconds (startup and shutdown excluded);
/// - top3_full / top3_adaptive: the first three configurations of each run's ranking (the spec's metric: steps to
///   target), and top3_agree from <see cref="RankingAgreement"/>: every configuration of the full top 3 is in the
///   adaptive top 3 or tied with one that is by the ranking's intervals;
/// - race only: race_limit, the measure of what racing can save on the sweep, the budget divided by the final
///   cap (slack x the held steps to target of the full run's fastest configuration, each configuration bounded by its
///   slowest seed), and race_share_of_limit. Not an upper bound: before a configuration's slower seeds finish, its cap
///   comes from the seeds that did and can be lower than the final one.
/// Targets (issue 13): top3_agree on every case; steps_saved_ratio >= 5 with asha; with race >= 1.5 and >= 80 % of race_limit.
/// A section the spec parser refuses gives a case with "error" instead of live figures.
/// </summary>
public sealed class AdaptiveBench : IBenchSuite
{
    public string Name => "adaptive";

    /// <summary>
    /// The stopping sections compared with the full run. ASHA and the median rule read the train loss, the loss the
    /// target (and so the ranking by steps to target) is defined on; ASHA runs with eta 3 from the case's first rung,
    /// asynchronously (decisions depend on the order results arrive in, two local slots) and in the synchronous rung
    /// mode (reproducible; promoted trials re-run from step 0). Race keeps its default slack.
    /// </summary>
    private static (string Rule, string Section)[] Rules(int ashaMinSteps) =>
    [
        ("race", """{ "rule": "race" }"""),
        ("asha", $$"""{ "rule": "asha", "metric": "train_loss", "eta": 3, "min_steps": {{ashaMinSteps}} }"""),
        ("asha-sync", $$"""{ "rule": "asha", "metric": "train_loss", "eta": 3, "min_steps": {{ashaMinSteps}}, "mode": "sync" }"""),
        ("median", """{ "rule": "median", "metric": "train_loss" }"""),
    ];

    /// <summary>Slots of the simulated replay: those of a local sweep on the 2-core machines the figures come from.</summary>
    private const int ReplaySlots = 2;

    /// <summary>
    /// In the spirit of experiments/optimizers-fmnist.json, reduced to run in a few minutes on 2 cores: four optimizers x
    /// six learning rates x 2 seeds, a smaller network on 30,000 samples, its 1,125-step budget (3 epochs of the full
    /// data at batch 128). ASHA's rungs are 50, 150 and 450 steps, those of the replay.
    /// </summary>
    private const string FashionMnistGrid = """
        {
          "name": "adaptive-fmnist",
          "dataset": { "dataset": "fashion-mnist", "dataset_path": "/usr/share/datasets/fashion-mnist", "samples": 30000 },
          "base": { "depth": 2, "width": 128, "activation": "relu", "init": "he-normal", "batch_size": 128 },
          "steps": 1125,
          "eval_every": 25,
          "target_loss": 0.45,
          "axes": {
            "optimizer": ["sgd", "momentum", "rmsprop", "adam"],
            "lr": [0.001, 0.003, 0.01, 0.03, 0.1, 0.3]
          },
          "seeds": 2
        }
        """;

    /// <summary>experiments/depth-residual.json as the repository has it (90 configurations x 3 seeds, 500 steps on spirals; seconds per sweep). ASHA's rungs: 25, 75, 225 steps.</summary>
    private static string DepthResidual()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "experiments", "depth-residual.json");
            if (File.Exists(Path.Combine(dir.FullName, "Sweep.sln")) && File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException($"experiments/depth-residual.json not found above {AppContext.BaseDirectory} (run the bench from the repository's build)");
    }

    public async Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        var cases = new JsonArray();
        foreach (var (name, spec, ashaMinSteps) in new[] { ("fmnist-optimizer-lr", FashionMnistGrid, 50), ("depth-residual", DepthResidual(), 25) })
        {
            var full = await RunSweep(spec, null, cancellationToken);
            Console.WriteLine($"{name}: full run {full.Trials} trials, {full.Steps} steps, {full.WallSeconds:F1} s");
            foreach (var (rule, section) in Rules(ashaMinSteps))
            {
                var entry = await Case(name, rule, spec, section, full, cancellationToken);
                Console.WriteLine($"{name} {rule}: {entry.ToJsonString()}");
                cases.Add(entry);
            }
        }

        return new JsonObject
        {
            ["suite"] = Name,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = Environment.OSVersion.ToString(),
                ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null,
            },
            ["replay_slots"] = ReplaySlots,
            ["cases"] = cases,
            ["targets"] = new JsonObject
            {
                ["top3_agree"] = true,
                ["steps_saved_ratio_asha"] = 5.0,
                ["steps_saved_ratio_race"] = 1.5,
                ["race_share_of_limit"] = 0.8,
            },
        };
    }

    private static async Task<JsonObject> Case(
        string name, string rule, string specJson, string section, SweepRun full, CancellationToken cancellationToken)
    {
        var json = new JsonObject { ["name"] = name, ["rule"] = rule, ["stopping"] = JsonNode.Parse(section) };
        json["trials"] = full.Trials;
        json["steps_full"] = full.Steps;
        var replaySpec = SpecParser.Parse(WithStopping(specJson, section.Replace("\"sync\"", "\"async\"", StringComparison.Ordinal)), "adaptive-bench.json");
        var replay = StoppingSimulation.Run(
            replaySpec, full.Recorded, ReplaySlots, section.Contains("\"sync\"", StringComparison.Ordinal) ? RungMode.Sync : null);
        json["steps_replay"] = replay.StepsAdaptive;
        json["steps_replay_ratio"] = Math.Round((double)full.Steps / replay.StepsAdaptive, 3);
        if (rule == "race")
        {
            json["race_limit"] = Math.Round(AdaptiveReplay.RaceLimit(replaySpec, [.. full.Recorded.Values]), 3);
        }

        SweepRun adaptive;
        try
        {
            adaptive = await RunSweep(specJson, section, cancellationToken);
        }
        catch (SpecException e)
        {
            json["error"] = $"the spec's stopping section was refused: {e.Message}";
            return json;
        }

        json["pruned"] = adaptive.Pruned;
        json["steps_adaptive"] = adaptive.Steps;
        json["steps_saved_ratio"] = Math.Round((double)full.Steps / adaptive.Steps, 3);
        json["wall_s_full"] = Math.Round(full.WallSeconds, 3);
        json["wall_s_adaptive"] = Math.Round(adaptive.WallSeconds, 3);
        json["top3_full"] = Keys(RankingAgreement.Top(full.Ranking, 3));
        json["top3_adaptive"] = Keys(RankingAgreement.Top(adaptive.Ranking, 3));
        var missing = RankingAgreement.Missing(full.Ranking, adaptive.Ranking, 3);
        json["top3_agree"] = missing.Count == 0;
        if (missing.Count > 0)
        {
            json["top3_missing"] = Keys(missing);
        }

        if (rule == "race")
        {
            json["race_share_of_limit"] = Math.Round((double)full.Steps / adaptive.Steps / json["race_limit"]!.GetValue<double>(), 3);
        }

        return json;
    }

    private static string WithStopping(string specJson, string? section) =>
        section is null ? specJson : specJson.TrimEnd()[..^1].TrimEnd() + ",\n  \"stopping\": " + section + "\n}";

    private static JsonArray Keys(IEnumerable<string> keys) => [.. keys.Select(k => (JsonNode?)JsonValue.Create(k))];

    /// <summary>What one sweep ran and how its configurations ranked.</summary>
    /// <param name="Steps">Training steps run: steps_run plus steps_rerun (the synchronous mode's restarts).</param>
    /// <param name="Recorded">Every trial's configuration, status and curve (for the replays).</param>
    private sealed record SweepRun(
        int Trials, int Pruned, long Steps, double WallSeconds, IReadOnlyDictionary<TrialId, StoppingSimulation.Recorded> Recorded, IReadOnlyList<ConfigRanking> Ranking);

    /// <summary>Runs the spec (with <paramref name="stoppingSection"/> as its <c>stopping</c>, when given) in a temporary run folder.</summary>
    private static async Task<SweepRun> RunSweep(string specJson, string? stoppingSection, CancellationToken cancellationToken)
    {
        var spec = SpecParser.Parse(WithStopping(specJson, stoppingSection), "adaptive-bench.json");
        string folder = Path.Combine(Path.GetTempPath(), "sweep-bench-adaptive-" + Guid.NewGuid().ToString("N"));
        try
        {
            var summary = await SweepRunner.RunAsync(
                spec, new SweepRunOptions { OutputPath = folder, Port = 0 }, new SilentObserver(), cancellationToken);
            if (summary.Failed > 0)
            {
                throw new InvalidOperationException($"{summary.Failed} trial(s) of {spec.Name} failed: {summary.FirstError}");
            }

            var run = RunFolder.OpenExisting(folder);
            var rows = run.CreateReader().ReadTrials().ToList();
            var analysis = SweepAnalysis.Load(run, new AnalysisOptions { LoadLayers = false });
            var curves = run.CreateReader().ReadCurves().GroupBy(r => r.TrialId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<EvalPoint>)[.. g.Select(r => r.Point).OrderBy(p => p.Step)]);
            return new SweepRun(
                rows.Count,
                rows.Count(r => r.Status == TrialStatus.Pruned),
                rows.Sum(r => r.Summary.StepsRun + r.StepsRerun),
                summary.Elapsed.TotalSeconds,
                rows.ToDictionary(r => r.TrialId, r => new StoppingSimulation.Recorded(r.Config, r.Status, curves.GetValueOrDefault(r.TrialId) ?? [])),
                analysis.Rank());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
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

using System.Globalization;
using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>`Sweep.Bench --replay folder`: every stopping rule replayed over a full run's curves (no training).</summary>
public static class AdaptiveReplay
{
    public static int Run(string folder, string[] sections)
    {
        var run = RunFolder.OpenExisting(folder);
        var reader = run.CreateReader();
        var curves = reader.ReadCurves().GroupBy(r => r.TrialId).ToDictionary(g => g.Key, g => (IReadOnlyList<EvalPoint>)g.Select(r => r.Point).OrderBy(p => p.Step).ToList());
        var recorded = reader.ReadTrials().ToDictionary(t => t.TrialId, t => new StoppingSimulation.Recorded(t.Config, t.Status, curves.GetValueOrDefault(t.TrialId) ?? []));
        string specText = File.ReadAllText(Path.Combine(folder, "sweep.json"));
        long full = recorded.Values.Sum(r => r.Curve.Count == 0 ? 0 : r.Curve[^1].Step);
        if (sections.Length == 0)
        {
            double target = SpecParser.Parse(WithStopping(specText, "{\"rule\":\"none\"}"), "replay.json").RaceTarget ?? double.NaN;
            foreach (var (id, r) in recorded.OrderBy(p => p.Value.Config.Optimizer).ThenBy(p => p.Value.Config.Lr).ThenBy(p => p.Value.Config.Seed))
            {
                var c = r.Config;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Optimizer,-9} lr={c.Lr,-6} depth={c.Depth,-3} res={c.Residual,-5} norm={c.Norm,-10} seed={c.Seed} {r.Status,-10} held={RaceRule.HeldStepsToTarget(r.Curve, target)?.ToString(CultureInfo.InvariantCulture) ?? "-",-6} final={r.Curve[^1].TrainLoss:0.###} at50={r.Curve.First(p => p.Step >= 50).TrainLoss:0.###}"));
            }
        }

        var race = SpecParser.Parse(WithStopping(specText, "{\"rule\":\"race\"}"), "replay.json");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"race: limit (budget / final cap) {RaceLimit(race, [.. recorded.Values]):0.00}"));
        foreach (var section in sections)
        {
            var spec = SpecParser.Parse(WithStopping(specText, section.Replace("\"sync\"", "\"async\"")), "replay.json");
            RungMode? mode = section.Contains("\"sync\"", StringComparison.Ordinal) ? RungMode.Sync : null;

            foreach (int slots in new[] { 1, 2, 8 })
            {
                var result = StoppingSimulation.Run(spec, recorded, slots, mode);
                var survivors = result.Trials.Where(t => t.Status != TrialStatus.Pruned).GroupBy(t => StopMetric.ConfigurationOf(t.Config)).Count();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{section} slots={slots}: steps {result.StepsRun}+{result.StepsRerun} rerun, ratio {(double)full / result.StepsAdaptive:0.00}, pruned {result.Trials.Count(t => t.Status == TrialStatus.Pruned)}, configurations not pruned {survivors}"));
            }
        }

        return 0;
    }

    /// <summary>
    /// The issue's race limit: the budget divided by the final cap, slack x the held steps to target of the fastest
    /// configuration whose every seed held (its slowest seed's). Not an upper bound of what the race saves: before its
    /// slower seeds finish, a configuration's cap comes from the seeds that did, and can be lower than the final one.
    /// </summary>
    internal static double RaceLimit(SweepSpec spec, IReadOnlyList<StoppingSimulation.Recorded> runs)
    {
        double target = spec.RaceTarget!.Value;
        var bounds = runs.GroupBy(r => StopMetric.ConfigurationOf(r.Config))
            .Select(g => g.Select(r => r.Status is TrialStatus.Completed or TrialStatus.Diverged ? RaceRule.HeldStepsToTarget(r.Curve, target) : null).ToList())
            .Where(held => held.All(x => x is not null))
            .Select(held => spec.Stopping.Slack * held.Max()!.Value)
            .ToList();
        long budget = runs.Max(r => r.Curve.Count == 0 ? 0 : r.Curve[^1].Step);
        return bounds.Count == 0 ? 1 : budget / bounds.Min();
    }

    private static string WithStopping(string specJson, string section)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(specJson)!["spec"]!.AsObject();
        node["stopping"] = System.Text.Json.Nodes.JsonNode.Parse(section);
        return node.ToJsonString();
    }
}

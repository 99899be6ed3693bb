using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class SyncHalvingTests
{
    /// <summary>
    /// Nine configurations x two seeds, eta 3, rungs 10 and 30. Configuration i's seeds end rung 1 at 1 - 0.1 i ± 0.02
    /// (seed 0 lower), so 8, 7 and 6 are the top third; configuration 8's seed 1 has a spike at the rung (its best
    /// before it counts). Written before the decider ran.
    /// </summary>
    private static List<(TrialId Trial, TrialId Configuration, IReadOnlyList<EvalPoint> ToRung1)> Grid()
    {
        var trials = new List<(TrialId, TrialId, IReadOnlyList<EvalPoint>)>();
        for (int i = 0; i < 9; i++)
        {
            for (int seed = 0; seed < 2; seed++)
            {
                var config = Config(i, seed);
                double value = 1 - (0.1 * i) + (seed == 0 ? -0.02 : 0.02);
                IReadOnlyList<EvalPoint> curve = i == 8 && seed == 1
                    ? [Point(5, value), Point(10, 3.0)]
                    : [Point(5, value + 0.5), Point(10, value)];
                trials.Add((Id(config), Configuration(config), curve));
            }
        }

        return trials;
    }

    private static SyncHalving Halving(IEnumerable<(TrialId Trial, TrialId Configuration, IReadOnlyList<EvalPoint> _)> trials)
    {
        var halving = new SyncHalving(new StopMetric("val_loss"), 3, [10, 30]);
        foreach (var (trial, configuration, _) in trials)
        {
            halving.Register(trial, configuration);
        }

        return halving;
    }

    /// <summary>Reports every trial's rung-1 curve in the given order; the one decision (taken at the last report).</summary>
    private static RungDecision ReportAll(SyncHalving halving, IEnumerable<(TrialId Trial, TrialId _, IReadOnlyList<EvalPoint> ToRung1)> order)
    {
        var reports = order.ToList();
        RungDecision? decision = null;
        for (int i = 0; i < reports.Count; i++)
        {
            decision = halving.Reached(reports[i].Trial, reports[i].ToRung1);
            Assert.True(i == reports.Count - 1 ? decision is not null : decision is null, $"decided at report {i + 1} of {reports.Count}");
        }

        return decision!;
    }

    [Fact]
    public void The_rung_is_decided_only_when_every_trial_reported_and_promotes_the_top_third_of_configurations_with_all_their_seeds()
    {
        var grid = Grid();
        var halving = Halving(grid);

        var decision = ReportAll(halving, grid);

        Assert.Equal(0, decision.Rung);
        Assert.Equal(10, decision.Step);
        var top = new[] { 6, 7, 8 }.SelectMany(i => new[] { Id(Config(i, 0)), Id(Config(i, 1)) }).Order().ToList();
        Assert.Equal(top, decision.Promoted.Order());
        Assert.Equal(12, decision.Pruned.Count);
        Assert.All(decision.Pruned, p =>
        {
            Assert.Equal(10, p.Decision.AtStep);
            Assert.Equal("asha", p.Decision.Rule);
            Assert.Contains("rung 1 at step 10 (sync)", p.Decision.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(30, halving.StopAt);
        Assert.Equal(top, halving.InRace.Order());
    }

    [Fact]
    public void Two_different_arrival_orders_give_identical_decisions()
    {
        var grid = Grid();
        var shuffled = grid.OrderBy(t => t.Trial.GetHashCode()).Reverse().ToList();
        Assert.NotEqual(grid.Select(t => t.Trial), shuffled.Select(t => t.Trial));

        var first = ReportAll(Halving(grid), grid);
        var second = ReportAll(Halving(shuffled), shuffled);

        Assert.Equal(first.Promoted, second.Promoted);
        Assert.Equal(first.Pruned.Select(p => (p.Trial, p.Decision)), second.Pruned.Select(p => (p.Trial, p.Decision)));
    }

    [Fact]
    public void Ties_are_broken_by_configuration_id_whatever_the_order()
    {
        var a = Config(0);
        var b = Config(1);
        var c = Config(2);
        IReadOnlyList<EvalPoint> same = [Point(10, 0.5)];
        RungDecision Decide(params TrialConfig[] order)
        {
            var halving = new SyncHalving(new StopMetric("val_loss"), 3, [10]);
            foreach (var config in new[] { a, b, c })
            {
                halving.Register(Id(config), Configuration(config));
            }

            RungDecision? decision = null;
            foreach (var config in order)
            {
                decision = halving.Reached(Id(config), same);
            }

            return decision!;
        }

        var expected = new[] { a, b, c }.Select(Configuration).Order().First();
        Assert.Equal([expected], Decide(a, b, c).Promoted);
        Assert.Equal([expected], Decide(c, a, b).Promoted);
    }

    [Fact]
    public void A_trial_that_ends_before_the_rung_leaves_the_race_and_a_configuration_without_finite_values_ranks_last()
    {
        var good = Config(0);
        var nan = Config(1);
        var diverged = Config(2);
        var halving = new SyncHalving(new StopMetric("val_loss"), 2, [10, 20]);
        foreach (var config in new[] { good, nan, diverged })
        {
            halving.Register(Id(config), Configuration(config));
        }

        Assert.Null(halving.Reached(Id(nan), [Point(10, double.NaN)]));
        Assert.Null(halving.Reached(Id(good), [Point(10, 9.0)]));
        var decision = halving.Ended(Id(diverged));

        Assert.NotNull(decision);
        Assert.Equal([Id(good)], decision.Promoted);
        Assert.Equal([Id(nan)], decision.Pruned.Select(p => p.Trial));
        Assert.Equal(20, halving.StopAt);
        Assert.Throws<InvalidOperationException>(() => halving.Register(Id(Config(3)), Configuration(Config(3))));
    }

    [Fact]
    public void After_the_last_rung_the_survivors_run_the_whole_budget()
    {
        var a = Config(0);
        var b = Config(1);
        var halving = new SyncHalving(new StopMetric("val_loss"), 2, [10]);
        halving.Register(Id(a), Configuration(a));
        halving.Register(Id(b), Configuration(b));

        halving.Reached(Id(a), [Point(10, 0.4)]);
        var decision = halving.Reached(Id(b), [Point(10, 0.6)]);

        Assert.Equal([Id(a)], decision!.Promoted);
        Assert.Null(halving.StopAt);
        Assert.Null(halving.Reached(Id(a), [Point(10, 0.4)]));
    }
}

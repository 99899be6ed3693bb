using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class AshaRuleTests
{
    /// <summary>eta 2, first rung at 10: rungs 10, 20, 40, 80 below the 100-step budget.</summary>
    private static StoppingDecider Asha(string metric = "val_loss") =>
        StoppingDecider.Over(new StoppingSettings(StopRuleKind.Asha, metric, 2, 10), new AshaRule(new StopMetric(metric), 2, 10));

    /// <summary>Three configurations recorded at rung 1 (step 10) with 1.0, 0.8 and 0.6: the top-1/2 cut is 0.8.</summary>
    private static StoppingDecider WithFirstRung()
    {
        var asha = Asha();
        Assert.Null(Feed(asha, Config(0), [Point(10, 1.0)]));
        Assert.Null(Feed(asha, Config(1), [Point(10, 0.8)]));
        Assert.Null(Feed(asha, Config(2), [Point(10, 0.6)]));
        return asha;
    }

    [Fact]
    public void Rungs_are_min_steps_times_eta_to_the_k_below_the_budget_and_default_to_a_hundredth_of_it()
    {
        Assert.Equal([10L, 20, 40, 80], new AshaRule(new StopMetric("val_loss"), 2, 10).RungsFor(100));
        Assert.Equal([6L, 24, 96, 384], new AshaRule(new StopMetric("val_loss"), 4, 0).RungsFor(600));
    }

    [Fact]
    public void A_configuration_worse_than_the_top_share_of_the_others_at_a_rung_is_stopped()
    {
        var asha = WithFirstRung();

        var decision = Feed(asha, Config(3), [Point(10, 0.9)]);

        Assert.NotNull(decision);
        Assert.Equal(10, decision.AtStep);
        Assert.Equal("asha", decision.Rule);
        Assert.Contains("rung 1 at step 10", decision.Reason, StringComparison.Ordinal);
        Assert.Null(Feed(asha, Config(4), [Point(10, 0.7)]));
    }

    [Fact]
    public void Nothing_is_cut_until_eta_other_configurations_are_recorded_at_the_rung()
    {
        var asha = Asha();
        Assert.Null(Feed(asha, Config(0), [Point(10, 0.1)]));

        Assert.Null(Feed(asha, Config(1), [Point(10, 5.0)]));
    }

    [Fact]
    public void The_value_is_read_at_the_first_point_at_or_after_the_rung()
    {
        var asha = WithFirstRung();
        var late = Config(3);

        Assert.Null(Feed(asha, late, [Point(7, 1.5)]));
        var decision = Feed(asha, late, [Point(14, 0.95)]);

        Assert.Equal(14, decision?.AtStep);
    }

    [Fact]
    public void Seeds_of_a_configuration_are_compared_together()
    {
        var asha = WithFirstRung();
        Assert.Null(Feed(asha, Config(3, 0), [Point(10, 0.7)]));

        // 0.85 alone is worse than the cut 0.8; with its configuration's other seed (0.7) the mean is 0.775.
        Assert.Null(Feed(asha, Config(3, 1), [Point(10, 0.85)]));
    }

    [Fact]
    public void A_noisy_spike_at_the_rung_does_not_stop_a_trial_whose_curve_was_good_before_it()
    {
        var asha = WithFirstRung();

        Assert.Null(Feed(asha, Config(3), [Point(5, 0.55), Point(10, 2.5)]));
    }

    [Fact]
    public void A_metric_the_trial_does_not_measure_never_stops_it()
    {
        var asha = WithFirstRung();

        Assert.Null(Feed(asha, Config(3), [Point(10, 5.0, valLoss: double.NaN)]));
    }

    [Fact]
    public void Accuracy_is_higher_is_better()
    {
        var asha = Asha("val_accuracy");
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(Feed(asha, Config(i), [Point(10, 0.5) with { ValAccuracy = 0.6 + 0.1 * i }]));
        }

        Assert.NotNull(Feed(asha, Config(3), [Point(10, 0.5) with { ValAccuracy = 0.65 }]));
        Assert.Null(Feed(asha, Config(4), [Point(10, 0.5) with { ValAccuracy = 0.75 }]));
    }

    [Fact]
    public void Resume_replays_committed_trials_so_the_rungs_are_as_before()
    {
        var asha = Asha();
        asha.Replay(Id(Config(0)), Config(0), TrialStatus.Completed, Curve(10, 1.0));
        asha.Replay(Id(Config(1)), Config(1), TrialStatus.Completed, Curve(10, 0.8));
        asha.Replay(Id(Config(2)), Config(2), TrialStatus.Pruned, Curve(10, 0.6));

        Assert.NotNull(Feed(asha, Config(3), [Point(10, 0.9)]));
    }
}

using Sweep.Actors.Scheduling.Stopping;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class MedianRuleTests
{
    private static StoppingDecider Median(long grace = 0, int startup = 3) =>
        StoppingDecider.Over(new StoppingSettings(StopRuleKind.Median), new MedianRule(new StopMetric("val_loss"), grace, startup));

    /// <summary>Three completed configurations, flat at 1.0, 0.8 and 0.6: the median is 0.8 at every step.</summary>
    private static StoppingDecider WithCompleted(long grace = 0)
    {
        var median = Median(grace);
        Assert.Null(Run(median, Config(0), Curve(10, 1.0, 1.0, 1.0, 1.0)));
        Assert.Null(Run(median, Config(1), Curve(10, 0.8, 0.8, 0.8, 0.8)));
        Assert.Null(Run(median, Config(2), Curve(10, 0.6, 0.6, 0.6, 0.6)));
        return median;
    }

    [Fact]
    public void A_configuration_worse_than_the_median_of_the_others_at_the_same_step_is_stopped()
    {
        var median = WithCompleted();

        var decision = Feed(median, Config(3), Curve(10, 0.9, 0.9));

        Assert.NotNull(decision);
        Assert.Equal(10, decision.AtStep);
        Assert.Equal("median", decision.Rule);
        Assert.Contains("median 0.8 of 3 other configurations", decision.Reason, StringComparison.Ordinal);
        Assert.Null(Feed(median, Config(4), Curve(10, 0.7, 0.7)));
    }

    [Fact]
    public void Nothing_is_stopped_before_the_startup_trials_completed_or_within_the_grace_steps()
    {
        var median = Median();
        Assert.Null(Run(median, Config(0), Curve(10, 0.1, 0.1)));
        Assert.Null(Run(median, Config(1), Curve(10, 0.1, 0.1)));
        Assert.Null(Feed(median, Config(2), Curve(10, 5.0, 5.0)));

        var graceful = WithCompleted(grace: 25);
        var decision = Feed(graceful, Config(3), Curve(10, 0.9, 0.9, 0.9));
        Assert.Equal(30, decision?.AtStep);
    }

    [Fact]
    public void A_noisy_curve_whose_lows_are_as_good_as_the_others_is_not_stopped()
    {
        var median = WithCompleted();

        Assert.Null(Feed(median, Config(3), Curve(10, 0.75, 1.6, 0.78, 1.4)));
    }

    [Fact]
    public void Seeds_of_a_configuration_are_compared_together()
    {
        var median = WithCompleted();
        Assert.Null(Run(median, Config(3, 0), Curve(10, 0.5, 0.5, 0.5, 0.5)));

        // 0.95 alone is worse than the median; with its configuration's completed seed (0.5) the mean is 0.725.
        Assert.Null(Feed(median, Config(3, 1), Curve(10, 0.95)));
    }
}

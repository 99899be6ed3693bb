using Sweep.Actors.Scheduling.Stopping;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class RungScheduleTests
{
    /// <summary>The points (every <paramref name="every"/> steps up to the budget) where a trial is held.</summary>
    private static long[] DecisionPoints(RungSchedule schedule, long every, long budget)
    {
        var points = new List<long>();
        long previous = 0;
        for (long step = every; step <= budget; step += every)
        {
            if (schedule.IsDecisionPoint(previous, step, budget))
            {
                points.Add(step);
            }

            previous = step;
        }

        return [.. points];
    }

    [Fact]
    public void A_trial_is_held_at_its_first_point_at_or_after_each_rung_below_the_budget()
    {
        // Rungs 25, 75, 225 of 500.
        Assert.Equal([25L, 75, 225], DecisionPoints(new RungSchedule(25, 3), 25, 500));
        Assert.Equal([40L, 80, 240], DecisionPoints(new RungSchedule(25, 3), 40, 500));
        // Automatic first rung: 600 / 100 = 6, then 24, 96, 384.
        Assert.Equal([10L, 30, 100, 390], DecisionPoints(new RungSchedule(0, 4), 10, 600));
        // Several rungs (10, 20, 40) before one point: one hold.
        Assert.Equal([50L], DecisionPoints(new RungSchedule(10, 2), 50, 60));
    }

    [Fact]
    public void The_rungs_are_those_of_the_rule()
    {
        Assert.Equal([25L, 75, 225], new RungSchedule(25, 3).For(500));
        Assert.Equal(new AshaRule(new StopMetric("val_loss"), 4, 0).RungsFor(600), new RungSchedule(0, 4).For(600));
    }
}

using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void Constant_stays_at_lr_and_warm_up_climbs_linearly_from_lr_over_w()
    {
        var schedule = new LearningRateSchedule(new TrialConfig { Lr = 0.4, WarmupSteps = 4 }, 100);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.4, 0.4], Enumerable.Range(0, 6).Select(t => Math.Round(schedule.At(t), 12)));
        Assert.Equal(0.4, new LearningRateSchedule(new TrialConfig { Lr = 0.4 }, 10).At(9));
    }

    [Fact]
    public void Step_multiplies_by_gamma_every_step_size_steps_after_warm_up()
    {
        var schedule = new LearningRateSchedule(new TrialConfig { Lr = 1, LrSchedule = "step", LrGamma = 0.5, LrStepSize = 10, WarmupSteps = 2 }, 100);
        Assert.Equal(1.0, schedule.At(2));
        Assert.Equal(1.0, schedule.At(11));
        Assert.Equal(0.5, schedule.At(12));
        Assert.Equal(0.25, schedule.At(22));
    }

    [Fact]
    public void Exponential_decays_smoothly_with_a_default_step_size_of_a_third_of_the_budget()
    {
        var schedule = new LearningRateSchedule(new TrialConfig { Lr = 1, LrSchedule = "exponential", LrGamma = 0.1 }, 300);
        Assert.Equal(Math.Pow(0.1, 0.5), schedule.At(50), 12);
        Assert.Equal(0.1, schedule.At(100), 12);
        Assert.True(schedule.At(51) < schedule.At(50));
    }

    [Fact]
    public void Cosine_anneals_from_lr_to_lr_min_over_the_budget_after_warm_up()
    {
        var schedule = new LearningRateSchedule(new TrialConfig { Lr = 1, LrSchedule = "cosine", LrMin = 0.1, WarmupSteps = 10 }, 110);
        Assert.Equal(1.0, schedule.At(10), 12);
        Assert.Equal(0.55, schedule.At(60), 12);
        Assert.Equal(0.1, schedule.At(110), 12);
        Assert.Equal(0.1, schedule.At(500), 12);
    }
}

using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public class ConvergenceDetectorTests
{
    [Fact]
    public void A_flat_loss_converges_at_the_step_before_the_flat_run()
    {
        var detector = new ConvergenceDetector(1e-3, 3);
        double[] losses = [2.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
        long? firedAt = null;
        for (int i = 0; i < losses.Length; i++)
        {
            if (detector.Observe((i + 1) * 10, losses[i]))
            {
                Assert.Null(firedAt);
                firedAt = (i + 1) * 10;
            }
        }

        Assert.NotNull(detector.ConvergedAtStep);
        Assert.NotNull(firedAt);
        Assert.True(detector.ConvergedAtStep < firedAt);
        Assert.Equal(firedAt - 3 * 10, detector.ConvergedAtStep);
    }

    [Fact]
    public void A_steadily_falling_loss_does_not_converge_and_non_finite_points_break_a_run()
    {
        var falling = new ConvergenceDetector(1e-3, 2);
        for (int i = 0; i < 50; i++)
        {
            Assert.False(falling.Observe(i, Math.Pow(0.9, i)));
        }

        Assert.Null(falling.ConvergedAtStep);

        var broken = new ConvergenceDetector(1e-3, 2);
        broken.Observe(1, 1.0);
        broken.Observe(2, 1.0);
        broken.Observe(3, double.NaN);
        Assert.False(broken.Observe(4, 1.0));
        Assert.True(broken.Observe(5, 1.0));
        Assert.Equal(3, broken.ConvergedAtStep);
    }
}

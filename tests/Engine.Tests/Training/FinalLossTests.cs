using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

/// <summary>The final-median window behind final_train_loss_median (and Analysis's robust end of a curve).</summary>
public class FinalLossTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(20, 4)]
    [InlineData(21, 5)]
    [InlineData(100, 20)]
    public void The_window_is_the_last_fifth_of_the_points_but_at_least_three(int count, int expected) =>
        Assert.Equal(expected, FinalLoss.WindowLength(count));

    [Fact]
    public void The_median_of_the_window_ignores_one_spike_and_points_before_the_window()
    {
        Assert.Equal(0.21, FinalLoss.Median([2, 0.2, 0.21, 50, 0.19]));
        Assert.Equal(0.5 * (0.3 + 0.4), FinalLoss.Median([.. Enumerable.Repeat(9.0, 16), 0.4, 0.3, 100, 0.2]));
    }

    [Fact]
    public void The_median_is_NaN_without_points_or_with_a_non_finite_point_in_the_window()
    {
        Assert.True(double.IsNaN(FinalLoss.Median([])));
        Assert.True(double.IsNaN(FinalLoss.Median([2, 0.2, double.NaN])));
        Assert.Equal(0.2, FinalLoss.Median([double.PositiveInfinity, 0.3, 0.2, 0.1]));
    }
}

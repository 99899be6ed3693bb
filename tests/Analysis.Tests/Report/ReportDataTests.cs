namespace Sweep.Analysis.Tests.Report;

public class ReportDataTests
{
    [Fact]
    public void An_exploded_value_is_capped_at_ten_times_the_largest_start_and_marked()
    {
        var scale = ReportData.Scale.For([2.0, 1.0, 0.5, 1e29, double.NaN], [2.0]);

        Assert.Equal(1e29 > 20 ? 20 : 1e29, scale.Cap);
        Assert.Equal((20.0, true), scale.Place(1e29));
        Assert.Equal((20.0, true), scale.Place(double.NaN));
        Assert.Equal((0.5, false), scale.Place(0.5));
    }

    [Fact]
    public void Data_spanning_decades_gets_a_log_axis_and_narrow_data_a_linear_one()
    {
        Assert.True(ReportData.Scale.For([2.0, 0.001], [2.0]).Log);
        Assert.False(ReportData.Scale.For([2.0, 0.5], [2.0]).Log);
        Assert.False(ReportData.Scale.For([double.NaN], []).Log);
    }

    [Fact]
    public void Long_curves_are_thinned_keeping_ends_and_non_finite_points()
    {
        var curve = Support.SyntheticTrials.Curve(i => i == 777 ? double.NaN : 1.0 / i, points: 1000);

        var thinned = ReportData.Thin(curve);

        Assert.InRange(thinned.Count, ReportData.MaxPointsPerCurve, ReportData.MaxPointsPerCurve + 1);
        Assert.Equal(curve[0], thinned[0]);
        Assert.Equal(curve[^1], thinned[^1]);
        Assert.Contains(thinned, p => double.IsNaN(p.TrainLoss));
    }
}

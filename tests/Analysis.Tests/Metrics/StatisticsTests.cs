namespace Sweep.Analysis.Tests.Metrics;

public class StatisticsTests
{
    [Fact]
    public void Mean_and_sample_standard_deviation()
    {
        var stats = Statistics.Describe([2.0, 4.0, 6.0], 1, "t");
        Assert.Equal(4.0, stats.Mean, 12);
        Assert.Equal(2.0, stats.Std, 12);
        Assert.Equal(3, stats.Count);
    }

    [Fact]
    public void Interval_contains_the_mean_and_lies_within_the_data()
    {
        double[] values = [1.0, 2.0, 4.0, 8.0];
        var stats = Statistics.Describe(values, 1, "t");
        Assert.InRange(stats.Mean, stats.CiLow, stats.CiHigh);
        Assert.True(stats.CiLow >= values.Min() && stats.CiHigh <= values.Max());
        Assert.True(stats.CiLow < stats.CiHigh);
    }

    [Fact]
    public void Exact_bootstrap_of_two_values_spans_them()
    {
        // The four resample means of {a, b} are a, (a+b)/2 twice, b: the 2.5 and 97.5 percentiles sit near the ends.
        var stats = Statistics.Describe([0.0, 10.0], 1, "t");
        Assert.InRange(stats.CiLow, 0.0, 1.0);
        Assert.InRange(stats.CiHigh, 9.0, 10.0);
    }

    [Fact]
    public void Sampled_bootstrap_is_deterministic_for_the_same_seed_and_purpose()
    {
        double[] values = [.. Enumerable.Range(0, 40).Select(i => Math.Sin(i) * 10)];
        var first = Statistics.Describe(values, 7, "speed");
        var second = Statistics.Describe(values, 7, "speed");
        var otherSeed = Statistics.Describe(values, 8, "speed");
        Assert.Equal(first, second);
        Assert.NotEqual(first.CiLow, otherSeed.CiLow);
    }

    [Fact]
    public void Sampled_interval_narrows_with_more_values()
    {
        var rng = new Sweep.Engine.Random.SeededRandom(3);
        double[] many = [.. Enumerable.Range(0, 400).Select(_ => rng.NextGaussian())];
        var small = Statistics.Describe(many.Take(20), 1, "t");
        var large = Statistics.Describe(many.Take(150), 1, "t");
        Assert.True(large.CiHigh - large.CiLow < small.CiHigh - small.CiLow);
        // About 1.96 standard errors on each side.
        Assert.InRange((large.CiHigh - large.CiLow) / 2, 0.7 * 1.96 * large.Std / Math.Sqrt(150), 1.3 * 1.96 * large.Std / Math.Sqrt(150));
    }

    [Fact]
    public void Many_values_get_the_normal_interval_of_the_mean()
    {
        var rng = new Sweep.Engine.Random.SeededRandom(5);
        double[] values = [.. Enumerable.Range(0, AnalysisThresholds.NormalIntervalMinValues).Select(_ => rng.NextGaussian())];
        var stats = Statistics.Describe(values, 1, "t");
        double halfWidth = 1.959963984540054 * stats.Std / Math.Sqrt(values.Length);
        Assert.Equal(stats.Mean - halfWidth, stats.CiLow, 12);
        Assert.Equal(stats.Mean + halfWidth, stats.CiHigh, 12);
    }

    [Fact]
    public void Non_finite_values_are_left_out_and_none_gives_empty()
    {
        Assert.Equal(2, Statistics.Describe([1.0, double.NaN, 3.0, double.PositiveInfinity], 1, "t").Count);
        Assert.Same(MetricStats.Empty, Statistics.Describe([double.NaN], 1, "t"));
    }

    [Fact]
    public void One_value_has_a_point_interval()
    {
        var stats = Statistics.Describe([5.0], 1, "t");
        Assert.Equal((5.0, 0.0, 5.0, 5.0), (stats.Mean, stats.Std, stats.CiLow, stats.CiHigh));
    }

    [Fact]
    public void Overlap_is_symmetric_and_empty_matches_only_empty()
    {
        var a = new MetricStats(1, 0, 0, 2, 3);
        var b = new MetricStats(3, 0, 1.5, 4, 3);
        var c = new MetricStats(10, 0, 9, 11, 3);
        Assert.True(a.Overlaps(b) && b.Overlaps(a));
        Assert.False(a.Overlaps(c) || c.Overlaps(a));
        Assert.False(a.Overlaps(MetricStats.Empty));
        Assert.True(MetricStats.Empty.Overlaps(MetricStats.Empty));
    }

    [Fact]
    public void Median_and_percentile()
    {
        Assert.Equal(2.5, Statistics.Median([1.0, 2.0, 3.0, 4.0]));
        Assert.Equal(3.0, Statistics.Median([1.0, 3.0, 9.0]));
        Assert.Equal(1.75, Statistics.Percentile([1.0, 2.0, 3.0, 4.0], 0.25));
    }
}

using Sweep.Engine.Config;

namespace Sweep.Specs.Tests.Expansion;

public class SamplePointsTests
{
    private static SweepSpec Sampled(string sampler, string extra = "") => TestSpecs.Parse($$"""
        {
          "name": "sampled",
          "axes": { "optimizer": ["sgd", "adam"] },
          "sample": { "count": 64, "sampler": "{{sampler}}", {{extra}}
                      "params": { "lr": { "log_uniform": [0.0001, 1] }, "width": { "int_uniform": [8, 15] }, "noise": { "uniform": [0, 0.5] } } }
        }
        """);

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    public void Sampled_values_stay_in_their_ranges_and_types(string sampler)
    {
        var trials = Sampled(sampler).EnumerateTrials().ToList();

        Assert.Equal(128, trials.Count);
        Assert.All(trials, t => Assert.InRange(t.Lr, 0.0001, 1));
        Assert.All(trials, t => Assert.InRange(t.Width, 8, 15));
        Assert.All(trials, t => Assert.InRange(t.Noise, 0, 0.5));
        Assert.Equal(Enumerable.Range(8, 8), trials.Select(t => t.Width).Distinct().Order());
    }

    [Fact]
    public void Every_grid_combination_crosses_the_same_points()
    {
        var trials = Sampled("sobol").EnumerateTrials().ToList();

        var sgd = trials.Where(t => t.Optimizer == "sgd").Select(t => (t.Lr, t.Width, t.Noise));
        var adam = trials.Where(t => t.Optimizer == "adam").Select(t => (t.Lr, t.Width, t.Noise));
        Assert.Equal(sgd, adam);
    }

    [Fact]
    public void The_first_sobol_point_is_the_middle_of_each_range()
    {
        TrialConfig first = Sampled("sobol").EnumerateTrials().First();

        Assert.Equal(0.01, first.Lr, 12);
        Assert.Equal(12, first.Width);
        Assert.Equal(0.25, first.Noise, 12);
    }

    [Fact]
    public void Log_uniform_points_spread_evenly_over_decades()
    {
        double[] logs = [.. Sampled("sobol").EnumerateTrials().Where(t => t.Optimizer == "sgd").Select(t => Math.Log10(t.Lr))];

        for (int decade = -4; decade < 0; decade++)
        {
            int inDecade = logs.Count(l => l >= decade && l < decade + 1);
            Assert.InRange(inDecade, 14, 18);
        }
    }

    [Fact]
    public void The_random_sampler_is_reproducible_from_its_seed()
    {
        var first = Sampled("random", "\"sampler_seed\": 5,").EnumerateTrials().Select(t => t.Lr).ToList();
        var again = Sampled("random", "\"sampler_seed\": 5,").EnumerateTrials().Select(t => t.Lr).ToList();
        var other = Sampled("random", "\"sampler_seed\": 6,").EnumerateTrials().Select(t => t.Lr).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Sampled_doubles_keep_six_significant_digits()
    {
        var trials = Sampled("random").EnumerateTrials();

        Assert.All(trials, t => Assert.Equal(double.Parse(t.Lr.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), t.Lr));
    }
}

using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class GradientFlagsTests
{
    private static readonly IReadOnlyList<EvalPoint> SteadyCurve = SyntheticTrials.Curve(i => 1.0 / i);

    private static IReadOnlyList<LayerPoint> Layers(int depth, Func<int, double> actStd, long step = 100) =>
        [.. Enumerable.Range(0, depth + 1).Select(layer => new LayerPoint(
            step, layer, layer == 0 ? "stem" : layer == depth ? "head" : "hidden", 1.0, 1.0, 0.0, actStd(layer), 0, 0))];

    [Fact]
    public void First_layer_gradient_far_below_the_last_is_vanishing()
    {
        var flags = GradientFlags.Of(new TrialSummary { VanishingRatio = 1e-4 }, SteadyCurve, [], reachedTarget: true);
        Assert.Contains(TrialFlags.VanishingGradients, flags);
        Assert.DoesNotContain(TrialFlags.ExplodingGradients, flags);
    }

    [Fact]
    public void Balanced_layers_carry_no_gradient_flag()
    {
        var flags = GradientFlags.Of(new TrialSummary { VanishingRatio = 0.8 }, SteadyCurve, [], reachedTarget: true);
        Assert.Empty(flags);
    }

    [Fact]
    public void Gradient_growing_toward_the_input_is_exploding() =>
        Assert.Contains(TrialFlags.ExplodingGradients, GradientFlags.Of(new TrialSummary { VanishingRatio = 1e3 }, SteadyCurve, [], true));

    [Fact]
    public void Global_gradient_growing_a_thousandfold_is_exploding()
    {
        var curve = SyntheticTrials.Curve(i => 1.0, grad: i => Math.Pow(2, i));
        Assert.True(GradientFlags.IsExploding(new TrialSummary { VanishingRatio = 1 }, curve));
    }

    [Fact]
    public void Gradients_shrinking_as_the_loss_falls_are_not_exploding()
    {
        var curve = SyntheticTrials.Curve(i => 1.0 / i, grad: i => 10.0 / (i * i * i));
        Assert.False(GradientFlags.IsExploding(new TrialSummary { VanishingRatio = 1 }, curve));
    }

    [Fact]
    public void A_nan_gradient_is_exploding()
    {
        var curve = SyntheticTrials.Curve(i => 1.0, grad: i => i == 7 ? double.PositiveInfinity : 1.0);
        Assert.True(GradientFlags.IsExploding(new TrialSummary { VanishingRatio = 1 }, curve));
    }

    [Fact]
    public void Dead_and_saturated_fractions_over_half_are_flagged()
    {
        var flags = GradientFlags.Of(new TrialSummary { VanishingRatio = 1, DeadFraction = 0.7, SaturatedFraction = 0.9 }, SteadyCurve, [], true);
        Assert.Equal([TrialFlags.DeadRelus, TrialFlags.SaturatedUnits], flags);
    }

    [Fact]
    public void Hidden_layers_with_zero_activation_spread_are_symmetric()
    {
        Assert.True(GradientFlags.IsSymmetric(Layers(3, layer => layer == 3 ? 0.5 : 0.0)));
        Assert.False(GradientFlags.IsSymmetric(Layers(3, layer => layer == 1 ? 0.2 : 0.0)));
        Assert.False(GradientFlags.IsSymmetric([]));
    }

    [Fact]
    public void Only_the_last_evaluation_point_decides_symmetry()
    {
        var layers = Layers(2, _ => 0.0, step: 200).Concat(Layers(2, _ => 1.0, step: 100)).ToList();
        Assert.True(GradientFlags.IsSymmetric(layers));
    }

    [Fact]
    public void Missing_the_target_is_flagged() =>
        Assert.Equal([TrialFlags.TargetNotReached], GradientFlags.Of(new TrialSummary { VanishingRatio = 1 }, SteadyCurve, [], reachedTarget: false));
}

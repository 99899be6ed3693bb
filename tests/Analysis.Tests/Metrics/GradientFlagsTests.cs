using Sweep.Analysis.Tests.Support;
using Sweep.Engine.Training;

namespace Sweep.Analysis.Tests.Metrics;

public class GradientFlagsTests
{
    private static readonly IReadOnlyList<EvalPoint> SteadyCurve = SyntheticTrials.Curve(i => 1.0 / i);

    private static IReadOnlyList<LayerPoint> Layers(int depth, Func<int, double> duplicates, long step = 100, Func<int, double>? grad = null) =>
        [.. Enumerable.Range(0, depth + 1).Select(layer => new LayerPoint(
            step, layer, layer == 0 ? "stem" : layer == depth ? "head" : "hidden", grad?.Invoke(layer) ?? 1.0, 1.0, 0.0, 0.5, 0, 0, duplicates(layer)))];

    private static bool IsExploding(IReadOnlyList<EvalPoint> curve) =>
        GradientFlags.Of(new TrialSummary { VanishingRatio = 1 }, curve, [], true).Contains(TrialFlags.ExplodingGradients);

    private static bool IsSymmetric(IReadOnlyList<LayerPoint> layers) =>
        GradientFlags.Of(new TrialSummary { VanishingRatio = 1 }, SteadyCurve, layers, true).Contains(TrialFlags.SymmetricUnits);

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
        Assert.True(IsExploding(curve));
    }

    [Fact]
    public void Gradients_shrinking_as_the_loss_falls_are_not_exploding()
    {
        var curve = SyntheticTrials.Curve(i => 1.0 / i, grad: i => 10.0 / (i * i * i));
        Assert.False(IsExploding(curve));
    }

    [Fact]
    public void A_nan_gradient_is_exploding()
    {
        var curve = SyntheticTrials.Curve(i => 1.0, grad: i => i == 7 ? double.PositiveInfinity : 1.0);
        Assert.True(IsExploding(curve));
    }

    [Fact]
    public void Dead_and_saturated_fractions_over_half_are_flagged()
    {
        var flags = GradientFlags.Of(new TrialSummary { VanishingRatio = 1, DeadFraction = 0.7, SaturatedFraction = 0.9 }, SteadyCurve, [], true);
        Assert.Equal([TrialFlags.DeadRelus, TrialFlags.SaturatedUnits], flags);
    }

    [Fact]
    public void Units_with_identical_incoming_weights_are_symmetric_with_their_measured_fraction()
    {
        var zeroInit = Layers(3, layer => layer < 3 ? 1.0 : 0.0);
        Assert.True(IsSymmetric(zeroInit));
        Assert.Equal(1.0, GradientFlags.Measure(new TrialSummary(), SteadyCurve, zeroInit).SymmetricUnits);
        Assert.False(IsSymmetric(Layers(3, layer => layer == 1 ? 0.25 : 0.0)));
        Assert.False(IsSymmetric([]));
    }

    [Fact]
    public void A_dead_or_constant_network_whose_units_differ_is_not_symmetric()
    {
        // Every unit dead (zero activation spread) but with different weights: the old activation-spread rule fired here.
        var dead = Layers(3, _ => 0.0).Select(l => l with { ActStd = 0, DeadFraction = 1 }).ToList();
        Assert.False(IsSymmetric(dead));
    }

    [Fact]
    public void Only_the_last_evaluation_point_decides_symmetry()
    {
        var layers = Layers(2, _ => 1.0, step: 200).Concat(Layers(2, _ => 0.0, step: 100)).ToList();
        Assert.True(IsSymmetric(layers));
    }

    [Fact]
    public void Exact_zero_gradients_count_as_vanishing_never_NaN()
    {
        // Results written before the engine counted zeros carry a NaN ratio: the layers decide, zeros included.
        var zeros = Layers(3, _ => 0.0, grad: layer => layer == 0 ? 0.0 : 1.0);
        var evidence = GradientFlags.Measure(new TrialSummary { VanishingRatio = double.NaN }, SteadyCurve, zeros);
        Assert.Equal(0.0, evidence.VanishingRatio);
        Assert.Contains(TrialFlags.VanishingGradients, GradientFlags.Of(evidence, reachedTarget: true));

        var allZero = Layers(3, _ => 0.0, grad: _ => 0.0);
        Assert.Equal(0.0, GradientFlags.Measure(new TrialSummary { VanishingRatio = double.NaN }, SteadyCurve, allZero).VanishingRatio);
    }

    [Fact]
    public void Missing_the_target_is_flagged() =>
        Assert.Equal([TrialFlags.TargetNotReached], GradientFlags.Of(new TrialSummary { VanishingRatio = 1 }, SteadyCurve, [], reachedTarget: false));
}

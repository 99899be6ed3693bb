using Sweep.Engine.Optimizers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Optimizers;

public class GradientClippingTests
{
    [Theory]
    [InlineData(0.5, true)]
    [InlineData(100.0, false)]
    public void Clip_by_norm_matches_pytorch(double maxNorm, bool clips)
    {
        var c = Cases("clipping.json").Single(v => v.GetProperty("kind").GetString() == "norm" && v.GetProperty("max_norm").GetDouble() == maxNorm);
        var gradients = Floats(c.GetProperty("grads"));
        double total = GradientClipping.GlobalNorm(gradients);
        Close.Scalar(c.GetProperty("total_norm").GetDouble(), total, 1e-4, 0, "total_norm");
        Assert.Equal(clips, GradientClipping.ClipByNorm(gradients, total, maxNorm));
        Close.All(Doubles(c.GetProperty("clipped")), gradients, 1e-4, 1e-7, "clipped");
    }

    [Fact]
    public void Clip_by_value_matches_pytorch()
    {
        var c = Cases("clipping.json").Single(v => v.GetProperty("kind").GetString() == "value");
        var gradients = Floats(c.GetProperty("grads"));
        Assert.True(GradientClipping.ClipByValue(gradients, c.GetProperty("clip_value").GetDouble()));
        Close.All(Doubles(c.GetProperty("clipped")), gradients, 1e-4, 1e-7, "clipped");
        Assert.False(GradientClipping.ClipByValue(gradients, c.GetProperty("clip_value").GetDouble()));
    }
}

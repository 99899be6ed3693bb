using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class LayerNormTests
{
    [Fact]
    public void Forward_and_backward_match_pytorch()
    {
        var c = Case("layers.json", "layer", "layernorm");
        var (batch, features) = Shape(c.GetProperty("x"));
        var x = Floats(c.GetProperty("x"));
        var gain = Floats(c.GetProperty("gamma"));
        var shift = Floats(c.GetProperty("beta"));
        var invStd = new float[batch];
        var xHat = new float[x.Length];
        var y = new float[x.Length];
        LayerNorm.Forward(x, gain, shift, batch, features, invStd, xHat, y);
        Close.All(Doubles(c.GetProperty("y")), y, 1e-4, 1e-5, "y");

        var dx = new float[x.Length];
        var dGain = new float[features];
        var dShift = new float[features];
        LayerNorm.Backward(xHat, gain, invStd, Floats(c.GetProperty("dy")), batch, features, dx, dGain, dShift, new float[features]);
        Close.All(Doubles(c.GetProperty("dx")), dx, 1e-4, 1e-5, "dx");
        Close.All(Doubles(c.GetProperty("dgamma")), dGain, 1e-4, 1e-5, "dgamma");
        Close.All(Doubles(c.GetProperty("dbeta")), dShift, 1e-4, 1e-5, "dbeta");
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(4, 13)]
    [InlineData(9, 67)]
    public void Fast_kernels_agree_with_the_scalar_reference(int batch, int features)
    {
        var x = Close.RandomFloats(batch * features, batch, 3.0);
        var gain = Close.RandomFloats(features, features + 1);
        var shift = Close.RandomFloats(features, features + 2);
        var dy = Close.RandomFloats(batch * features, features + 3);
        var invStd = new float[batch];
        var xHat = new float[x.Length];
        var y = new float[x.Length];
        LayerNorm.Forward(x, gain, shift, batch, features, invStd, xHat, y);
        var yReference = new float[x.Length];
        LayerNorm.Reference.Forward(x, gain, shift, batch, features, yReference);
        Close.All(yReference, y, 1e-4, 1e-5, "y");

        var dx = new float[x.Length];
        var dGain = new float[features];
        var dShift = new float[features];
        LayerNorm.Backward(xHat, gain, invStd, dy, batch, features, dx, dGain, dShift, new float[features]);
        var dxReference = new float[x.Length];
        var dGainReference = new float[features];
        var dShiftReference = new float[features];
        LayerNorm.Reference.Backward(x, gain, dy, batch, features, dxReference, dGainReference, dShiftReference);
        Close.All(dxReference, dx, 1e-3, 1e-5, "dx");
        Close.All(dGainReference, dGain, 1e-4, 1e-5, "dgain");
        Close.All(dShiftReference, dShift, 1e-4, 1e-5, "dshift");
    }
}

using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class LinearTests
{
    [Fact]
    public void Forward_and_backward_match_pytorch()
    {
        var c = Case("layers.json", "layer", "linear");
        var (batch, inFeatures) = Shape(c.GetProperty("x"));
        int outFeatures = c.GetProperty("weight").GetArrayLength();
        var x = Floats(c.GetProperty("x"));
        var weight = Floats(c.GetProperty("weight"));
        var bias = Floats(c.GetProperty("bias"));
        var dy = Floats(c.GetProperty("dy"));

        var y = new float[batch * outFeatures];
        Linear.Forward(x, weight, bias, batch, inFeatures, outFeatures, y);
        Close.All(Doubles(c.GetProperty("y")), y, 1e-4, 1e-5, "y");

        var dx = new float[batch * inFeatures];
        var dWeight = new float[weight.Length];
        var dBias = new float[bias.Length];
        Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dx, false, dWeight, dBias);
        Close.All(Doubles(c.GetProperty("dx")), dx, 1e-4, 1e-5, "dx");
        Close.All(Doubles(c.GetProperty("dweight")), dWeight, 1e-4, 1e-5, "dweight");
        Close.All(Doubles(c.GetProperty("dbias")), dBias, 1e-4, 1e-5, "dbias");
    }

    [Fact]
    public void Backward_adds_into_parameter_gradients_and_optionally_into_dx()
    {
        const int batch = 3, inFeatures = 4, outFeatures = 5;
        var x = Close.RandomFloats(batch * inFeatures, 1);
        var weight = Close.RandomFloats(outFeatures * inFeatures, 2);
        var dy = Close.RandomFloats(batch * outFeatures, 3);

        var dxOnce = new float[batch * inFeatures];
        var dWeightOnce = new float[weight.Length];
        var dBiasOnce = new float[outFeatures];
        Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dxOnce, false, dWeightOnce, dBiasOnce);

        var dxTwice = new float[batch * inFeatures];
        var dWeightTwice = new float[weight.Length];
        var dBiasTwice = new float[outFeatures];
        Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dxTwice, false, dWeightTwice, dBiasTwice);
        Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dxTwice, true, dWeightTwice, dBiasTwice);

        Close.All(dWeightOnce.Select(v => 2 * v).ToArray(), dWeightTwice, 1e-6, 1e-7, "dweight");
        Close.All(dBiasOnce.Select(v => 2 * v).ToArray(), dBiasTwice, 1e-6, 1e-7, "dbias");
        Close.All(dxOnce.Select(v => 2 * v).ToArray(), dxTwice, 1e-6, 1e-7, "dx");
    }
}

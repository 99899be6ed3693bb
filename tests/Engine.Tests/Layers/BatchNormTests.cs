using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class BatchNormTests
{
    [Fact]
    public void Training_forward_backward_and_running_statistics_match_pytorch()
    {
        var c = Case("layers.json", "layer", "batchnorm");
        var (batch, features) = Shape(c.GetProperty("x"));
        var x = Floats(c.GetProperty("x"));
        var gain = Floats(c.GetProperty("gamma"));
        var shift = Floats(c.GetProperty("beta"));
        var mean = new float[features];
        var variance = new float[features];
        var invStd = new float[features];
        var xHat = new float[x.Length];
        var y = new float[x.Length];
        BatchNorm.ForwardTraining(x, gain, shift, batch, features, mean, variance, invStd, xHat, y);
        Close.All(Doubles(c.GetProperty("y")), y, 1e-4, 1e-5, "y");

        var runningMean = new float[features];
        var runningVariance = Enumerable.Repeat(1f, features).ToArray();
        BatchNorm.UpdateRunningStatistics(mean, variance, batch, runningMean, runningVariance);
        Close.All(Doubles(c.GetProperty("running_mean")), runningMean, 1e-4, 1e-6, "running_mean");
        Close.All(Doubles(c.GetProperty("running_var")), runningVariance, 1e-4, 1e-6, "running_var");

        var dx = new float[x.Length];
        var dGain = new float[features];
        var dShift = new float[features];
        BatchNorm.Backward(xHat, gain, invStd, Floats(c.GetProperty("dy")), batch, features, dx, dGain, dShift, new float[3 * features]);
        Close.All(Doubles(c.GetProperty("dx")), dx, 1e-4, 1e-5, "dx");
        Close.All(Doubles(c.GetProperty("dgamma")), dGain, 1e-4, 1e-5, "dgamma");
        Close.All(Doubles(c.GetProperty("dbeta")), dShift, 1e-4, 1e-5, "dbeta");
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 13)]
    [InlineData(17, 33)]
    public void Fast_kernels_agree_with_the_scalar_reference(int batch, int features)
    {
        var x = Close.RandomFloats(batch * features, batch, 3.0);
        var gain = Close.RandomFloats(features, features + 1);
        var shift = Close.RandomFloats(features, features + 2);
        var dy = Close.RandomFloats(batch * features, features + 3);
        var invStd = new float[features];
        var xHat = new float[x.Length];
        var y = new float[x.Length];
        BatchNorm.ForwardTraining(x, gain, shift, batch, features, new float[features], new float[features], invStd, xHat, y);
        var yReference = new float[x.Length];
        BatchNorm.Reference.ForwardTraining(x, gain, shift, batch, features, yReference);
        Close.All(yReference, y, 1e-4, 1e-5, "y");

        var dx = new float[x.Length];
        var dGain = new float[features];
        var dShift = new float[features];
        BatchNorm.Backward(xHat, gain, invStd, dy, batch, features, dx, dGain, dShift, new float[3 * features]);
        var dxReference = new float[x.Length];
        var dGainReference = new float[features];
        var dShiftReference = new float[features];
        BatchNorm.Reference.Backward(x, gain, dy, batch, features, dxReference, dGainReference, dShiftReference);
        Close.All(dxReference, dx, 1e-3, 1e-5, "dx");
        Close.All(dGainReference, dGain, 1e-4, 1e-5, "dgain");
        Close.All(dShiftReference, dShift, 1e-4, 1e-5, "dshift");
    }

    [Fact]
    public void Evaluation_uses_the_running_statistics()
    {
        const int batch = 3, features = 2;
        float[] x = [1, 2, 3, 4, 5, 6];
        float[] gain = [2, 0.5f];
        float[] shift = [0.1f, -0.1f];
        float[] runningMean = [1, -1];
        float[] runningVariance = [4, 0.25f];
        var y = new float[x.Length];
        BatchNorm.ForwardEvaluation(x, gain, shift, runningMean, runningVariance, batch, features, new float[features], new float[features], y);
        for (int i = 0; i < x.Length; i++)
        {
            int j = i % features;
            double expected = (x[i] - runningMean[j]) / Math.Sqrt(runningVariance[j] + BatchNorm.Epsilon) * gain[j] + shift[j];
            Close.Scalar(expected, y[i], 1e-6, 1e-6, $"y[{i}]");
        }
    }
}

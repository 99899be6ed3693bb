using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class MeanSquaredErrorTests
{
    [Fact]
    public void Loss_and_gradient_match_pytorch()
    {
        var c = Case("layers.json", "layer", "mse");
        var prediction = Floats(c.GetProperty("pred"));
        var target = Floats(c.GetProperty("target"));
        double loss = MeanSquaredError.LossSum(prediction, target) / prediction.Length;
        Close.Scalar(c.GetProperty("loss").GetDouble(), loss, 1e-5, 0, "loss");

        var dPrediction = new float[prediction.Length];
        MeanSquaredError.Backward(prediction, target, dPrediction);
        Close.All(Doubles(c.GetProperty("dpred")), dPrediction, 1e-4, 1e-6, "dpred");
    }
}

using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class SoftmaxCrossEntropyTests
{
    [Fact]
    public void Loss_and_gradient_match_pytorch()
    {
        var c = Case("layers.json", "layer", "softmax-cross-entropy");
        var (batch, classes) = Shape(c.GetProperty("logits"));
        var logits = Floats(c.GetProperty("logits"));
        var labels = Ints(c.GetProperty("labels"));
        double loss = SoftmaxCrossEntropy.LossSum(logits, labels, batch, classes) / batch;
        Close.Scalar(c.GetProperty("loss").GetDouble(), loss, 1e-5, 0, "loss");

        var dLogits = new float[logits.Length];
        double backwardLoss = SoftmaxCrossEntropy.Backward(logits, labels, batch, classes, dLogits);
        Close.All(Doubles(c.GetProperty("dlogits")), dLogits, 1e-4, 1e-6, "dlogits");
        // Training takes its loss from Backward: it must be LossSum's value exactly, not just close.
        Assert.Equal(SoftmaxCrossEntropy.LossSum(logits, labels, batch, classes), backwardLoss);
    }

    [Fact]
    public void Huge_logits_stay_finite_and_accuracy_counts_the_argmax()
    {
        float[] logits = [1000f, -1000f, 0f, 50f, 60f, 70f];
        int[] labels = [0, 1];
        double loss = SoftmaxCrossEntropy.LossSum(logits, labels, 2, 3);
        Assert.True(double.IsFinite(loss));
        Close.Scalar(0 + (70 - 60 + Math.Log(1 + Math.Exp(-10) + Math.Exp(-20))), loss, 1e-9, 1e-9, "loss");
        Assert.Equal(1, SoftmaxCrossEntropy.CountCorrect(logits, labels, 2, 3));
    }
}

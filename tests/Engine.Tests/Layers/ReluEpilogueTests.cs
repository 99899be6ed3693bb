using System.Numerics;
using System.Numerics.Tensors;
using Sweep.Engine.Layers;
using Sweep.Engine.Model;
using Sweep.Engine.Random;
using Sweep.Engine.Tests.Support;

namespace Sweep.Engine.Tests.Layers;

/// <summary>ReLU fused into the Linear products: the bits of the separate passes it replaces.</summary>
public class ReluEpilogueTests
{
    [Fact]
    public void The_fused_maximum_is_relu_forwards_on_every_kind_of_value()
    {
        // Written down before running: NaN (with a payload) stays itself, -0 and negatives give +0, +0 stays +0.
        float nanWithPayload = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_1234));
        float[] special =
        [
            float.NaN, nanWithPayload, -0f, 0f, -1f, 1f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, 1e-40f, -1e-40f, 3.5f, -2.25f,
        ];
        var values = Enumerable.Range(0, 4 * Vector<float>.Count + 3).Select(i => special[i % special.Length]).ToArray();
        var expected = new float[values.Length];
        Relu.Forward(values, expected);

        var vectorResult = new float[values.Length];
        int vectors = values.Length / Vector<float>.Count * Vector<float>.Count;
        for (int i = 0; i < vectors; i += Vector<float>.Count)
        {
            ReluEpilogue.Forward(new Vector<float>(values, i)).CopyTo(vectorResult, i);
        }

        var scalarResult = values.Select(ReluEpilogue.Forward).ToArray();
        Assert.Equal(expected.Take(vectors).Select(BitConverter.SingleToInt32Bits), vectorResult.Take(vectors).Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), scalarResult.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(ReluEpilogue.Forward(-0f)));
    }

    [Fact]
    public void Linear_forward_with_relu_gives_the_bits_of_linear_then_relu()
    {
        var rng = new SeededRandom(41);
        foreach (var (batch, inFeatures, outFeatures) in new[] { (37, 300, 45), (256, 784, 70), (3, 5, 1) })
        {
            var x = Close.RandomFloats(batch * inFeatures, rng.NextInt(1_000_000));
            var weight = Close.RandomFloats(outFeatures * inFeatures, rng.NextInt(1_000_000));
            var bias = Close.RandomFloats(outFeatures, rng.NextInt(1_000_000));
            var expectedY = new float[batch * outFeatures];
            var expectedActivated = new float[batch * outFeatures];
            Linear.Forward(x, weight, bias, batch, inFeatures, outFeatures, expectedY);
            Relu.Forward(expectedY, expectedActivated);

            var y = new float[batch * outFeatures];
            var activated = new float[batch * outFeatures];
            var relu = new ReluForwardEpilogue(activated);
            Linear.Forward(x, weight, bias, batch, inFeatures, outFeatures, y, ref relu);

            AssertBits(expectedY, y);
            AssertBits(expectedActivated, activated);
            Assert.Contains(activated, v => v == 0f);
            Assert.Contains(activated, v => v > 0f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Linear_backward_with_relu_below_gives_the_bits_of_the_separate_passes(bool accumulateDx)
    {
        // dx = dy W is dLoss/d(the layer below's activated output); below's ReLU backward and bias gradient follow.
        var rng = new SeededRandom(43);
        foreach (var (batch, inFeatures, outFeatures) in new[] { (37, 45, 300), (256, 70, 784), (3, 1, 5) })
        {
            var x = Close.RandomFloats(batch * inFeatures, rng.NextInt(1_000_000));
            var weight = Close.RandomFloats(outFeatures * inFeatures, rng.NextInt(1_000_000));
            var dy = Close.RandomFloats(batch * outFeatures, rng.NextInt(1_000_000));
            var belowActivated = Close.RandomFloats(batch * inFeatures, rng.NextInt(1_000_000)).Select(v => Math.Max(v, 0f)).ToArray();
            var initialDx = Close.RandomFloats(batch * inFeatures, rng.NextInt(1_000_000));
            var initialBelowBias = Close.RandomFloats(inFeatures, rng.NextInt(1_000_000));

            var expectedDx = (float[])initialDx.Clone();
            var expectedDWeight = new float[weight.Length];
            var expectedDBias = new float[outFeatures];
            var expectedDBelow = new float[batch * inFeatures];
            var expectedBelowBias = (float[])initialBelowBias.Clone();
            Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, expectedDx, accumulateDx, expectedDWeight, expectedDBias);
            Relu.Backward(belowActivated, expectedDx, expectedDBelow);
            for (int row = 0; row < batch; row++)
            {
                TensorPrimitives.Add(expectedBelowBias, expectedDBelow.AsSpan(row * inFeatures, inFeatures), expectedBelowBias);
            }

            var dx = (float[])initialDx.Clone();
            var dWeight = new float[weight.Length];
            var dBias = new float[outFeatures];
            var dBelow = new float[batch * inFeatures];
            var belowBias = (float[])initialBelowBias.Clone();
            var relu = new ReluBackwardEpilogue(belowActivated, dBelow, belowBias);
            Linear.Backward(x, weight, dy, batch, inFeatures, outFeatures, dx, accumulateDx, dWeight, dBias, biasGradientAdded: false, ref relu);

            AssertBits(expectedDx, dx);
            AssertBits(expectedDWeight, dWeight);
            AssertBits(expectedDBias, dBias);
            AssertBits(expectedDBelow, dBelow);
            AssertBits(expectedBelowBias, belowBias);
            Assert.Contains(dBelow, v => v == 0f);
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void A_relu_mlp_without_norm_trains_to_the_same_bits_fused_or_not(int depth, bool residual)
    {
        const int batch = 29;
        var shape = new MlpShape(45, 70, depth, 10, ActivationKind.Relu, NormKind.None, residual);
        var fused = new Mlp(shape, batch);
        var separate = new Mlp(shape, batch) { FusesRelu = false };
        WeightInit.Apply(fused, "he-normal", 0, new SeededRandom(7));
        fused.Parameters.CopyTo(separate.Parameters, 0);
        var x = Close.RandomFloats(batch * shape.Inputs, 3, 2.0);
        var labels = Enumerable.Range(0, batch).Select(i => i % shape.Outputs).ToArray();

        foreach (var model in new[] { fused, separate })
        {
            for (int step = 0; step < 3; step++)
            {
                var logits = model.Forward(x, batch, training: true);
                SoftmaxCrossEntropy.Backward(logits, labels, batch, shape.Outputs, model.DOutput);
                Array.Clear(model.Gradients);
                model.Backward(x, batch);
                TensorPrimitives.MultiplyAdd(model.Gradients, -0.1f, model.Parameters, model.Parameters);
            }
        }

        AssertBits(separate.Output.AsSpan(0, batch * shape.Outputs).ToArray(), fused.Output.AsSpan(0, batch * shape.Outputs).ToArray());
        AssertBits(separate.Gradients, fused.Gradients);
        AssertBits(separate.Parameters, fused.Parameters);
        for (int i = 0; i < depth; i++)
        {
            AssertBits(separate.Hidden[i].Activated.AsSpan(0, batch * shape.Width).ToArray(), fused.Hidden[i].Activated.AsSpan(0, batch * shape.Width).ToArray());
        }

        Assert.Contains(fused.Hidden[0].Activated.AsSpan(0, batch * shape.Width).ToArray(), v => v == 0f);
    }

    private static void AssertBits(float[] expected, float[] actual) =>
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
}

using System.Text.Json;
using Sweep.Engine.Layers;
using Sweep.Engine.Model;
using Sweep.Engine.Random;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Model;

public class MlpTests
{
    public static TheoryData<int> MlpCases() => [.. Enumerable.Range(0, Cases("mlp.json").Count)];

    [Theory]
    [MemberData(nameof(MlpCases))]
    public void Loss_and_every_parameter_gradient_match_pytorch(int index)
    {
        var c = Cases("mlp.json")[index];
        var x = Floats(c.GetProperty("x"));
        var labels = Ints(c.GetProperty("labels"));
        var (batch, inputs) = Shape(c.GetProperty("x"));
        var shape = new MlpShape(
            inputs, c.GetProperty("width").GetInt32(), c.GetProperty("depth").GetInt32(), c.GetProperty("head").GetProperty("bias").GetArrayLength(),
            Activation.Parse(c.GetProperty("activation").GetString()!), MlpShape.ParseNorm(c.GetProperty("norm").GetString()!),
            c.GetProperty("residual").GetBoolean());
        var model = new Mlp(shape, batch);
        var layers = c.GetProperty("layers").EnumerateArray().ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = model.Hidden[i];
            Floats(layers[i].GetProperty("weight")).CopyTo(layer.Weight.Of(model.Parameters));
            Floats(layers[i].GetProperty("bias")).CopyTo(layer.Bias.Of(model.Parameters));
            if (shape.Norm != NormKind.None)
            {
                Floats(layers[i].GetProperty("gamma")).CopyTo(layer.Gain.Of(model.Parameters));
                Floats(layers[i].GetProperty("beta")).CopyTo(layer.Shift.Of(model.Parameters));
            }
        }

        var head = c.GetProperty("head");
        Floats(head.GetProperty("weight")).CopyTo(model.HeadWeight.Of(model.Parameters));
        Floats(head.GetProperty("bias")).CopyTo(model.HeadBias.Of(model.Parameters));

        var logits = model.Forward(x, batch, training: true);
        Close.All(Doubles(c.GetProperty("logits")), logits, 1e-3, 1e-5, "logits");
        double loss = SoftmaxCrossEntropy.LossSum(logits, labels, batch, shape.Outputs) / batch;
        Close.Scalar(c.GetProperty("loss").GetDouble(), loss, 1e-3, 0, "loss");

        SoftmaxCrossEntropy.Backward(logits, labels, batch, shape.Outputs, model.DOutput);
        model.Backward(x, batch);
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = model.Hidden[i];
            CheckGradient(layers[i], "dweight", layer.Weight, model, $"hidden{i}.weight");
            CheckGradient(layers[i], "dbias", layer.Bias, model, $"hidden{i}.bias");
            if (shape.Norm != NormKind.None)
            {
                CheckGradient(layers[i], "dgamma", layer.Gain, model, $"hidden{i}.gain");
                CheckGradient(layers[i], "dbeta", layer.Shift, model, $"hidden{i}.shift");
            }
        }

        CheckGradient(head, "dweight", model.HeadWeight, model, "head.weight");
        CheckGradient(head, "dbias", model.HeadBias, model, "head.bias");
    }

    public static TheoryData<string, string, bool> Architectures()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string activation in Config.Catalog.Activations)
        {
            foreach (string norm in Config.Catalog.Norms)
            {
                data.Add(activation, norm, false);
                data.Add(activation, norm, true);
            }
        }

        return data;
    }

    /// <summary>
    /// Backward overwrites every gradient (the training step no longer clears them first): gradients left full of NaN by
    /// whatever came before give the bits of gradients cleared to zero.
    /// </summary>
    [Theory]
    [MemberData(nameof(Architectures))]
    public void Backward_overwrites_every_gradient_with_the_bits_of_adding_into_zeros(string activation, string norm, bool residual)
    {
        const int batch = 7;
        var shape = new MlpShape(3, 5, 3, 4, Activation.Parse(activation), MlpShape.ParseNorm(norm), residual);
        var model = new Mlp(shape, batch);
        var random = new SeededRandom(17);
        WeightInit.Apply(model, "he-normal", 0, random);
        var x = Enumerable.Range(0, batch * shape.Inputs).Select(_ => (float)random.NextGaussian()).ToArray();
        int[] labels = [0, 1, 2, 3, 0, 1, 2];
        var output = model.Forward(x, batch, training: true);
        SoftmaxCrossEntropy.Backward(output, labels, batch, shape.Outputs, model.DOutput);

        Array.Clear(model.Gradients);
        model.Backward(x, batch);
        var fromZeros = (float[])model.Gradients.Clone();
        Array.Fill(model.Gradients, float.NaN);
        model.Backward(x, batch);

        Assert.Equal(fromZeros.Select(BitConverter.SingleToInt32Bits), model.Gradients.Select(BitConverter.SingleToInt32Bits));
        Assert.Contains(fromZeros, g => g != 0);
    }

    /// <summary>
    /// Central differences of the loss along random unit directions, one per parameter tensor, against the
    /// analytic directional derivative g·d. The loss is summed in double from float32 outputs; the step
    /// is large enough that float32 rounding stays far below the tolerance.
    /// </summary>
    [Theory]
    [MemberData(nameof(Architectures))]
    public void Gradients_match_finite_differences(string activation, string norm, bool residual)
    {
        const int batch = 5;
        var shape = new MlpShape(3, 4, 3, 3, Activation.Parse(activation), MlpShape.ParseNorm(norm), residual);
        var model = new Mlp(shape, batch);
        var random = new SeededRandom(activation.Length * 100 + norm.Length * 10 + (residual ? 1 : 0));
        WeightInit.Apply(model, "xavier-normal", 0, random);
        foreach (var view in model.Views)
        {
            var values = view.Of(model.Parameters);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] += (float)(0.2 * random.NextGaussian());
            }
        }

        var x = Enumerable.Range(0, batch * shape.Inputs).Select(_ => (float)random.NextGaussian()).ToArray();
        int[] labels = [0, 1, 2, 1, 0];

        double Loss()
        {
            var logits = model.Forward(x, batch, training: true);
            return SoftmaxCrossEntropy.LossSum(logits, labels, batch, shape.Outputs) / batch;
        }

        var output = model.Forward(x, batch, training: true);
        SoftmaxCrossEntropy.Backward(output, labels, batch, shape.Outputs, model.DOutput);
        Array.Clear(model.Gradients);
        model.Backward(x, batch);
        var gradients = (float[])model.Gradients.Clone();

        const float step = 2e-3f;
        foreach (var view in model.Views)
        {
            var direction = Enumerable.Range(0, view.Length).Select(_ => (float)random.NextGaussian()).ToArray();
            float length = MathF.Sqrt(direction.Sum(d => d * d));
            direction = direction.Select(d => d / length).ToArray();
            double analytic = 0;
            for (int i = 0; i < view.Length; i++)
            {
                analytic += gradients[view.Offset + i] * (double)direction[i];
            }

            var original = view.Of(model.Parameters).ToArray();
            Shift(view.Of(model.Parameters), original, direction, step);
            double plus = Loss();
            Shift(view.Of(model.Parameters), original, direction, -step);
            double minus = Loss();
            original.CopyTo(view.Of(model.Parameters));
            double numeric = (plus - minus) / (2 * step);
            Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Abs(analytic) + 2e-3,
                $"{view.Name}: finite difference {numeric:G6}, backward {analytic:G6}");
        }
    }

    [Fact]
    public void Evaluation_mode_batchnorm_uses_running_statistics_after_training_passes()
    {
        var shape = new MlpShape(2, 3, 2, 2, ActivationKind.Tanh, NormKind.BatchNorm, false);
        var model = new Mlp(shape, 4);
        WeightInit.Apply(model, "he-normal", 0, new SeededRandom(5));
        float[] x = [1, 2, -1, 0.5f, 3, -2, 0, 1];
        var trainingOutput = model.Forward(x, 4, training: true).ToArray();
        var evaluationOutput = model.Forward(x, 4, training: false).ToArray();
        Assert.NotEqual(trainingOutput, evaluationOutput);
        Assert.All(model.Hidden, layer => Assert.Contains(layer.RunningMean, v => v != 0));

        // one row alone gives the same evaluation output as inside the batch
        var single = model.Forward(x.AsSpan(0, 2), 1, training: false).ToArray();
        Close.All(evaluationOutput.AsSpan(0, 2), single, 1e-6, 1e-7, "row 0");
    }

    private static void Shift(Span<float> values, float[] original, float[] direction, float step)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = original[i] + step * direction[i];
        }
    }

    private static void CheckGradient(JsonElement expected, string property, ParameterView view, Mlp model, string what) =>
        Close.All(Doubles(expected.GetProperty(property)), view.Of(model.Gradients), 1e-3, 1e-5, what);
}

using Sweep.Engine.Layers;
using Sweep.Engine.Model;
using Sweep.Engine.Random;

namespace Sweep.Engine.Tests.Model;

public class WeightInitTests
{
    private const int FanOut = 200;
    private const int FanIn = 300;

    [Theory]
    [InlineData("gaussian", "relu", 0.05)]
    [InlineData("xavier-normal", "tanh", 0.0632455532)] // √(2/(300+200))
    [InlineData("xavier-uniform", "tanh", 0.0632455532)] // bound √(6/500), std bound/√3
    [InlineData("he-normal", "relu", 0.0816496581)] // √2/√300
    [InlineData("he-uniform", "relu", 0.0816496581)]
    [InlineData("he-normal", "leaky-relu", 0.0816455756)] // √(2/(1+0.01²))/√300
    [InlineData("lecun-normal", "sigmoid", 0.0577350269)] // 1/√300
    [InlineData("orthogonal", "relu", 0.0577350269)] // orthonormal rows of length 300: 1/√300
    public void Weights_have_pytorchs_spread(string scheme, string activation, double expectedStd)
    {
        var weight = new float[FanOut * FanIn];
        WeightInit.Fill(weight, FanOut, FanIn, scheme, 0.05, Activation.Parse(activation), new SeededRandom(1));
        double mean = weight.Average(v => (double)v);
        double std = Math.Sqrt(weight.Average(v => (v - mean) * (v - mean)));
        Assert.True(Math.Abs(mean) < 0.05 * expectedStd, $"mean {mean}");
        Assert.True(Math.Abs(std - expectedStd) < 0.02 * expectedStd, $"std {std}, expected {expectedStd}");
    }

    [Theory]
    [InlineData(6, 9)]
    [InlineData(9, 6)]
    [InlineData(7, 7)]
    public void Orthogonal_weights_have_orthonormal_rows_or_columns(int rows, int cols)
    {
        var weight = new float[rows * cols];
        WeightInit.Fill(weight, rows, cols, "orthogonal", 0, ActivationKind.Relu, new SeededRandom(2));
        bool byRows = rows <= cols;
        int vectors = Math.Min(rows, cols), length = Math.Max(rows, cols);
        for (int a = 0; a < vectors; a++)
        {
            for (int b = 0; b < vectors; b++)
            {
                double dot = 0;
                for (int k = 0; k < length; k++)
                {
                    dot += byRows ? weight[a * cols + k] * (double)weight[b * cols + k] : weight[k * cols + a] * (double)weight[k * cols + b];
                }

                Assert.Equal(a == b ? 1.0 : 0.0, dot, 5);
            }
        }
    }

    [Fact]
    public void Biases_and_shifts_start_at_zero_gains_at_one_and_zeros_init_zeroes_weights()
    {
        var model = new Mlp(new MlpShape(3, 4, 2, 2, ActivationKind.Relu, NormKind.LayerNorm, true), 2);
        WeightInit.Apply(model, "zeros", 0, new SeededRandom(3));
        foreach (var layer in model.Hidden)
        {
            Assert.All(layer.Weight.Of(model.Parameters).ToArray(), v => Assert.Equal(0f, v));
            Assert.All(layer.Bias.Of(model.Parameters).ToArray(), v => Assert.Equal(0f, v));
            Assert.All(layer.Gain.Of(model.Parameters).ToArray(), v => Assert.Equal(1f, v));
            Assert.All(layer.Shift.Of(model.Parameters).ToArray(), v => Assert.Equal(0f, v));
        }

        WeightInit.Apply(model, "he-normal", 0, new SeededRandom(3));
        Assert.Contains(model.HeadWeight.Of(model.Parameters).ToArray(), v => v != 0);
        Assert.All(model.HeadBias.Of(model.Parameters).ToArray(), v => Assert.Equal(0f, v));
    }
}

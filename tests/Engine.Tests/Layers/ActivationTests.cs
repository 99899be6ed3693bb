using Sweep.Engine.Layers;
using Sweep.Engine.Tests.Support;
using static Sweep.Engine.Tests.Support.TestVectors;

namespace Sweep.Engine.Tests.Layers;

public class ActivationTests
{
    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("gelu")]
    public void Forward_and_backward_match_pytorch(string name)
    {
        var c = Case("layers.json", "layer", name);
        var kind = Activation.Parse(name);
        var x = Floats(c.GetProperty("x"));
        var y = new float[x.Length];
        Activation.Forward(kind, x, y);
        Close.All(Doubles(c.GetProperty("y")), y, 1e-4, 1e-6, "y");

        var dx = new float[x.Length];
        Activation.Backward(kind, x, y, Floats(c.GetProperty("dy")), dx);
        Close.All(Doubles(c.GetProperty("dx")), dx, 1e-4, 1e-6, "dx");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(37)]
    [InlineData(1003)]
    public void Vector_kernels_agree_with_scalar_references_on_odd_sizes(int count)
    {
        var x = Close.RandomFloats(count, count, 4.0);
        var dy = Close.RandomFloats(count, count + 1);

        Check(Relu.Forward, Relu.Reference.Forward, x);
        Check(LeakyRelu.Forward, (a, b) => LeakyRelu.Reference.Forward(a, b), x);
        Check(Sigmoid.Forward, Sigmoid.Reference.Forward, x, relative: 1e-6);
        Check(Tanh.Forward, Tanh.Reference.Forward, x, relative: 1e-6);

        var y = new float[count];
        Relu.Forward(x, y);
        CheckBackward(Relu.Backward, (a, b, c) => Relu.Reference.Backward(a, b, c), y, dy);
        CheckBackward(LeakyRelu.Backward, (a, b, c) => LeakyRelu.Reference.Backward(a, b, c), x, dy);
        Sigmoid.Forward(x, y);
        CheckBackward(Sigmoid.Backward, (a, b, c) => Sigmoid.Reference.Backward(a, b, c), y, dy);
        Tanh.Forward(x, y);
        CheckBackward(Tanh.Backward, (a, b, c) => Tanh.Reference.Backward(a, b, c), y, dy);
    }

    [Fact]
    public void Gelu_follows_its_definition_in_the_far_tails()
    {
        // x Φ(x) with Φ from an independent erfc (continued fraction), where 1 + erf is tiny
        float[] x = [-9f, -6f, -4f, 4f, 6f];
        var y = new float[x.Length];
        Gelu.Forward(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double phi = 0.5 * ErfcContinuedFraction(-x[i] / Math.Sqrt(2));
            Close.Scalar(x[i] * phi, y[i], 1e-5, 1e-30, $"gelu({x[i]})");
        }
    }

    private static double ErfcContinuedFraction(double z)
    {
        if (z < 0)
        {
            return 2 - ErfcContinuedFraction(-z);
        }

        // erfc(z) = exp(-z²)/√π · 1/(z + 1/2/(z + 1/(z + 3/2/(z + 2/(z + ...)))))
        double tail = z;
        for (int k = 200; k >= 1; k--)
        {
            tail = z + k / 2.0 / tail;
        }

        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / tail;
    }

    private delegate void Unary(ReadOnlySpan<float> x, Span<float> y);

    private delegate void Binary(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    private static void Check(Unary fast, Unary reference, float[] x, double relative = 0)
    {
        var a = new float[x.Length];
        var b = new float[x.Length];
        fast(x, a);
        reference(x, b);
        Close.All(b, a, relative, relative == 0 ? 0 : 1e-7);
    }

    private static void CheckBackward(Binary fast, Binary reference, float[] first, float[] dy)
    {
        var a = new float[first.Length];
        var b = new float[first.Length];
        fast(first, dy, a);
        reference(first, dy, b);
        Assert.Equal(b, a);
    }
}

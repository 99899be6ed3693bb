using System.Numerics.Tensors;
using Sweep.Engine.Layers;
using Sweep.Engine.Random;

namespace Sweep.Engine.Model;

/// <summary>
/// Weight initialisation with PyTorch's formulas (torch.nn.init), for every Linear weight W [fanOut, fanIn],
/// hidden layers first, then the head, all from one generator. Biases and norm shifts stay zero, norm gains one.
/// Kaiming (he-*) uses fan_in and gain √2, or √(2/(1+0.01²)) for leaky-relu.
/// </summary>
internal static class WeightInit
{
    public static void Apply(Mlp model, string scheme, double gaussianStd, SeededRandom random)
    {
        foreach (var layer in model.Hidden)
        {
            Fill(layer.Weight.Of(model.Parameters), layer.Width, layer.InFeatures, scheme, gaussianStd, model.Shape.Activation, random);
        }

        Fill(model.HeadWeight.Of(model.Parameters), model.Shape.Outputs, model.Shape.Width, scheme, gaussianStd, model.Shape.Activation, random);
    }

    // weight [fanOut, fanIn]
    public static void Fill(Span<float> weight, int fanOut, int fanIn, string scheme, double gaussianStd, ActivationKind activation, SeededRandom random)
    {
        double kaimingGain = activation == ActivationKind.LeakyRelu
            ? Math.Sqrt(2.0 / (1 + LeakyRelu.Slope * (double)LeakyRelu.Slope))
            : Math.Sqrt(2.0);
        switch (scheme)
        {
            case "zeros": weight.Clear(); break;
            case "gaussian": Normal(weight, gaussianStd, random); break;
            case "xavier-uniform": Uniform(weight, Math.Sqrt(6.0 / (fanIn + fanOut)), random); break;
            case "xavier-normal": Normal(weight, Math.Sqrt(2.0 / (fanIn + fanOut)), random); break;
            case "he-uniform": Uniform(weight, kaimingGain * Math.Sqrt(3.0 / fanIn), random); break;
            case "he-normal": Normal(weight, kaimingGain / Math.Sqrt(fanIn), random); break;
            case "lecun-normal": Normal(weight, 1.0 / Math.Sqrt(fanIn), random); break;
            case "orthogonal": Orthogonal(weight, fanOut, fanIn, random); break;
            default: throw new ArgumentException($"init: '{scheme}' is not one of {string.Join(", ", Config.Catalog.Inits)}", nameof(scheme));
        }
    }

    private static void Normal(Span<float> weight, double std, SeededRandom random) => random.FillGaussian(weight, std);

    private static void Uniform(Span<float> weight, double bound, SeededRandom random)
    {
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)random.NextDouble(-bound, bound);
        }
    }

    // weight [rows, cols]: as torch.nn.init.orthogonal_: QR of a gaussian [max, min] matrix with R's diagonal
    // made positive, transposed when rows < cols. Gram–Schmidt yields that positive-diagonal Q directly;
    // it runs twice per column ("twice is enough") so Q stays orthogonal to double precision.
    private static void Orthogonal(Span<float> weight, int rows, int cols, SeededRandom random)
    {
        int tall = Math.Max(rows, cols);
        int narrow = Math.Min(rows, cols);
        var columns = new double[checked(narrow * tall)]; // column j of the [tall, narrow] matrix at [j * tall, (j+1) * tall)
        for (int r = 0; r < tall; r++)
        {
            for (int c = 0; c < narrow; c++)
            {
                columns[c * tall + r] = random.NextGaussian();
            }
        }

        for (int j = 0; j < narrow; j++)
        {
            var v = columns.AsSpan(j * tall, tall);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    var q = columns.AsSpan(k * tall, tall);
                    TensorPrimitives.MultiplyAdd(q, -TensorPrimitives.Dot(q, v), v, v);
                }
            }

            TensorPrimitives.Multiply(v, 1.0 / Math.Sqrt(TensorPrimitives.SumOfSquares(v)), v);
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                // rows >= cols: W = Q [rows, cols]; rows < cols: W = Qᵀ with Q [cols, rows]
                weight[r * cols + c] = (float)(rows >= cols ? columns[c * tall + r] : columns[r * tall + c]);
            }
        }
    }
}

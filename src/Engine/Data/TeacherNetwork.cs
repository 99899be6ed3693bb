using Sweep.Engine.Random;

namespace Sweep.Engine.Data;

/// <summary>
/// The random network that labels the teacher datasets: inputs -> hidden (tanh) -> outputs,
/// weights N(0, 1/fan_in), biases N(0, 0.1²). Computed in double: labels must not depend on SIMD paths.
/// </summary>
internal sealed class TeacherNetwork
{
    private readonly int _inputs;
    private readonly int _hidden;
    private readonly int _outputs;
    /// <summary>[hidden, inputs]</summary>
    private readonly double[] _w1;
    private readonly double[] _b1;
    /// <summary>[outputs, hidden]</summary>
    private readonly double[] _w2;
    private readonly double[] _b2;
    private readonly double[] _h;

    public TeacherNetwork(SeededRandom rng, int inputs, int hidden, int outputs)
    {
        _inputs = inputs;
        _hidden = hidden;
        _outputs = outputs;
        _w1 = Gaussian(rng, hidden * inputs, 1.0 / Math.Sqrt(inputs));
        _b1 = Gaussian(rng, hidden, 0.1);
        _w2 = Gaussian(rng, outputs * hidden, 1.0 / Math.Sqrt(hidden));
        _b2 = Gaussian(rng, outputs, 0.1);
        _h = new double[hidden];
    }

    /// <summary>x [inputs] -> output [outputs]</summary>
    public void Forward(ReadOnlySpan<float> x, Span<double> output)
    {
        for (int j = 0; j < _hidden; j++)
        {
            double sum = _b1[j];
            for (int i = 0; i < _inputs; i++)
            {
                sum += _w1[j * _inputs + i] * x[i];
            }

            _h[j] = Math.Tanh(sum);
        }

        for (int o = 0; o < _outputs; o++)
        {
            double sum = _b2[o];
            for (int j = 0; j < _hidden; j++)
            {
                sum += _w2[o * _hidden + j] * _h[j];
            }

            output[o] = sum;
        }
    }

    private static double[] Gaussian(SeededRandom rng, int count, double std)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = std * rng.NextGaussian();
        }

        return values;
    }
}

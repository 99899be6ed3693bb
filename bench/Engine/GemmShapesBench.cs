using Sweep.Engine.Kernels;

namespace Sweep.Bench.Engine;

/// <summary>
/// The matrix products of one fmnist-mlp training step (784-256x4-10, batch 128): per layer the
/// forward NT, the weight-gradient TN and, except for the stem, the input-gradient NN. Reports the
/// sustained GFLOP/s of that sequence (per wall and per CPU second), to set beside the FMA peak.
/// </summary>
internal static class GemmShapesBench
{
    private const int Batch = 128;
    private static readonly (int In, int Out)[] Layers = [(784, 256), (256, 256), (256, 256), (256, 256), (256, 10)];

    public static (ThroughputSample Gflops, double FlopsPerStep) Measure(TimeSpan duration)
    {
        var random = new System.Random(1);
        var x = Layers.Select(l => Fill(random, Batch * l.In)).ToArray();
        var w = Layers.Select(l => Fill(random, l.Out * l.In)).ToArray();
        var y = Layers.Select(l => new float[Batch * l.Out]).ToArray();
        var dw = Layers.Select(l => new float[l.Out * l.In]).ToArray();
        var dx = Layers.Select(l => new float[Batch * l.In]).ToArray();
        double flopsPerStep = 0;
        for (int i = 0; i < Layers.Length; i++)
        {
            flopsPerStep += 2.0 * Batch * Layers[i].In * Layers[i].Out * (i == 0 ? 2 : 3);
        }

        void Step()
        {
            for (int i = 0; i < Layers.Length; i++)
            {
                var (inputs, outputs) = Layers[i];
                Gemm.NT(x[i], w[i], Batch, inputs, outputs, y[i], accumulate: false);
            }

            for (int i = Layers.Length - 1; i >= 0; i--)
            {
                var (inputs, outputs) = Layers[i];
                Gemm.TN(y[i], x[i], outputs, Batch, inputs, dw[i], accumulate: false);
                if (i > 0)
                {
                    Gemm.NN(y[i], w[i], Batch, outputs, inputs, dx[i], accumulate: false);
                }
            }
        }

        for (int i = 0; i < 50; i++)
        {
            Step();
        }

        var best = new ThroughputSample(0, 0);
        for (int round = 0; round < 3; round++)
        {
            var clock = new CpuClock();
            long steps = 0;
            while (clock.Cpu < duration / 3)
            {
                Step();
                steps++;
            }

            best = ThroughputSample.Max(best, clock.Rate(steps * flopsPerStep / 1e9));
        }

        return (best, flopsPerStep);
    }

    private static float[] Fill(System.Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return values;
    }
}

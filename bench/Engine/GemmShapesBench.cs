using Sweep.Engine.Kernels;

namespace Sweep.Bench.Engine;

/// <summary>The three shape classes of a dense layer's products in one training step.</summary>
internal enum GemmShapeClass
{
    /// <summary>y[batch, out] = x[batch, in] · W[out, in]ᵀ (NT).</summary>
    Forward,

    /// <summary>dx[batch, in] = dy[batch, out] · W[out, in] (NN); the stem has none.</summary>
    InputGradient,

    /// <summary>dW[out, in] = dy[batch, out]ᵀ · x[batch, in] (TN).</summary>
    WeightGradient,
}

/// <summary>
/// The matrix products of one training step of an MLP case (per layer the forward NT, the
/// weight-gradient TN and, except for the stem, the input-gradient NN), timed per shape class and
/// together, through any micro-kernel. Classes alternate round by round and the best round counts,
/// so load from elsewhere touches every class alike.
/// </summary>
internal sealed class GemmShapesBench
{
    private readonly int _batch;
    private readonly (int In, int Out)[] _layers;
    private readonly float[][] _x, _w, _y, _dw, _dx;

    public GemmShapesBench(string name, int batch, params (int In, int Out)[] layers)
    {
        Name = name;
        _batch = batch;
        _layers = layers;
        var random = new System.Random(1);
        _x = layers.Select(l => Fill(random, batch * l.In)).ToArray();
        _w = layers.Select(l => Fill(random, l.Out * l.In)).ToArray();
        _y = layers.Select(l => Fill(random, batch * l.Out)).ToArray();
        _dw = layers.Select(l => new float[l.Out * l.In]).ToArray();
        _dx = layers.Select(l => new float[batch * l.In]).ToArray();
    }

    /// <summary>fmnist-mlp: 784-256x4-10, batch 128.</summary>
    public static GemmShapesBench FmnistMlp() => new("fmnist-mlp", 128, (784, 256), (256, 256), (256, 256), (256, 256), (256, 10));

    /// <summary>wide-1024: 784-1024x2-10, batch 256 (the large-shape case).</summary>
    public static GemmShapesBench Wide1024() => new("wide-1024", 256, (784, 1024), (1024, 1024), (1024, 10));

    /// <summary>spirals-adam: 2-64x8-3, batch 64 (small products, where packing and the loop nest weigh most).</summary>
    public static GemmShapesBench SpiralsAdam() =>
        new("spirals", 64, [(2, 64), .. Enumerable.Repeat((64, 64), 7), (64, 3)]);

    public string Name { get; }

    public static IReadOnlyList<GemmShapeClass> Classes { get; } = Enum.GetValues<GemmShapeClass>();

    /// <summary>Flops of one class's products in one step (2 per multiply-add, only those that run).</summary>
    public double Flops(GemmShapeClass shapeClass)
    {
        double flops = 0;
        for (int i = 0; i < _layers.Length; i++)
        {
            if (shapeClass != GemmShapeClass.InputGradient || i > 0)
            {
                flops += 2.0 * _batch * _layers[i].In * _layers[i].Out;
            }
        }

        return flops;
    }

    /// <summary>GFLOP/s per class with the process's own kernel (<see cref="Gemm"/>'s public entry points), and of the whole step.</summary>
    public (ThroughputSample[] PerClass, ThroughputSample Step) Measure(TimeSpan perClass) => Measure(perClass, RunDefault);

    /// <summary>The same with a chosen micro-kernel.</summary>
    public (ThroughputSample[] PerClass, ThroughputSample Step) Measure<TKernel>(TimeSpan perClass, GemmBlocking? blocking = null)
        where TKernel : struct, IGemmMicroKernel
    {
        var chosen = blocking ?? GemmDriver<TKernel>.MachineBlocking;
        return Measure(perClass, shapeClass => RunWith<TKernel>(shapeClass, chosen));
    }

    private (ThroughputSample[] PerClass, ThroughputSample Step) Measure(TimeSpan perClass, Action<GemmShapeClass> run)
    {
        // Many short rounds rather than a few long ones: on a shared VM whose speed moves from second to second, the
        // best of 15 slices of 200 ms found the machine's quiet moments where the best of three 1-second rounds often
        // did not (the GEMM of wide-1024 read 60 % of the peak in a run whose training case ran its products at 67 %).
        const int Rounds = 15;
        var best = new ThroughputSample[Classes.Count];
        foreach (var shapeClass in Classes)
        {
            for (int i = 0; i < 5; i++)
            {
                run(shapeClass);
            }
        }

        for (int round = 0; round < Rounds; round++)
        {
            foreach (var shapeClass in Classes)
            {
                var clock = new CpuClock();
                long steps = 0;
                while (clock.Cpu < perClass / Rounds)
                {
                    run(shapeClass);
                    steps++;
                }

                var rate = clock.Rate(steps * Flops(shapeClass) / 1e9);
                best[(int)shapeClass] = ThroughputSample.Max(best[(int)shapeClass], rate);
            }
        }

        // The step at each class's best rate: total flops over the sum of the classes' times.
        double totalGflop = Classes.Sum(c => Flops(c)) / 1e9;
        double wall = Classes.Sum(c => Flops(c) / 1e9 / best[(int)c].PerWallSecond);
        double cpu = Classes.Sum(c => Flops(c) / 1e9 / best[(int)c].PerCpuSecond);
        return (best, new ThroughputSample(totalGflop / wall, totalGflop / cpu));
    }

    private void RunDefault(GemmShapeClass shapeClass)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            var (inputs, outputs) = _layers[i];
            switch (shapeClass)
            {
                case GemmShapeClass.Forward:
                    Gemm.NT(_x[i], _w[i], _batch, inputs, outputs, _y[i], accumulate: false);
                    break;
                case GemmShapeClass.WeightGradient:
                    Gemm.TN(_y[i], _x[i], outputs, _batch, inputs, _dw[i], accumulate: false);
                    break;
                case GemmShapeClass.InputGradient when i > 0:
                    Gemm.NN(_y[i], _w[i], _batch, outputs, inputs, _dx[i], accumulate: false);
                    break;
            }
        }
    }

    internal void RunWith<TKernel>(GemmShapeClass shapeClass, GemmBlocking blocking)
        where TKernel : struct, IGemmMicroKernel
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            var (inputs, outputs) = _layers[i];
            switch (shapeClass)
            {
                case GemmShapeClass.Forward:
                    Gemm.Run<TKernel>(GemmLayout.NT, _x[i], _w[i], _batch, inputs, outputs, _y[i], accumulate: false, blocking);
                    break;
                case GemmShapeClass.WeightGradient:
                    Gemm.Run<TKernel>(GemmLayout.TN, _y[i], _x[i], outputs, _batch, inputs, _dw[i], accumulate: false, blocking);
                    break;
                case GemmShapeClass.InputGradient when i > 0:
                    Gemm.Run<TKernel>(GemmLayout.NN, _y[i], _w[i], _batch, outputs, inputs, _dx[i], accumulate: false, blocking);
                    break;
            }
        }
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

using System.Runtime.Intrinsics;
using Sweep.Engine.Kernels;
using Xunit.Abstractions;
using Sweep.Engine.Random;

namespace Sweep.Engine.Tests.Kernels;

public sealed class GemmTests(ITestOutputHelper output)
{
    /// <summary>Odd sizes hit every tail of every kernel; k past 256 spans several k blocks, m past 128 several row blocks.</summary>
    private static readonly (int M, int K, int N)[] Sizes =
    [
        (1, 1, 1), (3, 7, 17), (7, 3, 1), (17, 33, 65), (33, 65, 7), (65, 127, 33), (127, 17, 3), (1, 300, 127),
        (6, 16, 16), (8, 32, 32), (12, 64, 48), (130, 33, 9), (97, 517, 19), (5, 9, 1030), (2, 0, 3),
    ];

    private static readonly string[] AllKernels = ["vector512", "vector512x14", "vector256", "vector256x8", "vector128", "scalar"];

    public static TheoryData<string> Kernels() => new(AllKernels);

    public static TheoryData<string, string> KernelsAndLayouts()
    {
        var data = new TheoryData<string, string>();
        foreach (string kernel in AllKernels)
        {
            foreach (string layout in new[] { "NN", "NT", "TN" })
            {
                data.Add(kernel, layout);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KernelsAndLayouts))]
    public void EveryKernelMatchesTheReferenceOnOddSizes(string kernel, string layout)
    {
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(42);
        foreach (var (m, k, n) in Sizes)
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var a = RandomMatrix(rng, m * k);
                var b = RandomMatrix(rng, k * n);
                var initial = RandomMatrix(rng, m * n);
                var expected = (float[])initial.Clone();
                var actual = (float[])initial.Clone();
                Reference(gemmLayout, a, b, m, k, n, expected, accumulate);
                RunKernel(kernel, gemmLayout, a, b, m, k, n, actual, accumulate);

                // Tolerance relative to the sum of absolute terms, so cancellation does not inflate it.
                var scale = accumulate ? initial.Select(Math.Abs).ToArray() : new float[m * n];
                Reference(gemmLayout, a.Select(Math.Abs).ToArray(), b.Select(Math.Abs).ToArray(), m, k, n, scale, accumulate: true);
                for (int i = 0; i < m * n; i++)
                {
                    double tolerance = 1e-5 * scale[i] + 1e-30;
                    Assert.True(
                        Math.Abs(actual[i] - expected[i]) <= tolerance,
                        $"{kernel} {layout} m {m} k {k} n {n} accumulate {accumulate}: c[{i / n},{i % n}] = {actual[i]}, reference {expected[i]}");
                }
            }
        }
    }

    [Theory]
    [InlineData("NN")]
    [InlineData("NT")]
    [InlineData("TN")]
    public void PublicEntryPointsMatchTheReference(string layout)
    {
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(7);
        const int m = 37, k = 291, n = 45;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, k * n);
        var expected = new float[m * n];
        var actual = new float[m * n];
        Reference(gemmLayout, a, b, m, k, n, expected, accumulate: false);
        switch (gemmLayout)
        {
            case GemmLayout.NN: Gemm.NN(a, b, m, k, n, actual, accumulate: false); break;
            case GemmLayout.NT: Gemm.NT(a, b, m, k, n, actual, accumulate: false); break;
            default: Gemm.TN(a, b, m, k, n, actual, accumulate: false); break;
        }

        for (int i = 0; i < m * n; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"c[{i}] = {actual[i]}, reference {expected[i]}");
        }
    }

    [Fact]
    public void ResultsAreBitIdenticalRunToRunAndIndependentOfTheRowCount()
    {
        var rng = new SeededRandom(3);
        const int m = 45, k = 600, n = 70;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, n * k);
        var first = new float[m * n];
        var second = new float[m * n];
        var oneRow = new float[n];
        Gemm.NT(a, b, m, k, n, first, accumulate: false);
        Gemm.NT(a, b, m, k, n, second, accumulate: false);
        Gemm.NT(a.AsSpan(44 * k, k), b, 1, k, n, oneRow, accumulate: false);

        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), second.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(first.AsSpan(44 * n, n).ToArray().Select(BitConverter.SingleToInt32Bits), oneRow.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(KernelsAndLayouts))]
    public void EachRowGetsTheBitsOfItsOneRowProduct(string kernel, string layout)
    {
        // A row of c is the same sum whether its row of a is packed into a full panel, a partial last panel
        // or a lone row's panel (zero rows below it), in every layout; k = 1024 gives rows 4 KiB apart.
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(11);
        foreach (var (m, k, n) in new[] { (13, 70, 21), (130, 300, 19), (19, 1024, 21) })
        {
            var a = RandomMatrix(rng, m * k);
            var b = RandomMatrix(rng, k * n);
            var all = new float[m * n];
            RunKernel(kernel, gemmLayout, a, b, m, k, n, all, accumulate: false);
            for (int row = 0; row < m; row++)
            {
                // The same row as a one-row product: a's row (or column, for TN) on its own.
                var aRow = new float[k];
                for (int p = 0; p < k; p++)
                {
                    aRow[p] = gemmLayout == GemmLayout.TN ? a[p * m + row] : a[row * k + p];
                }

                var one = new float[n];
                RunKernel(kernel, gemmLayout, aRow, b, 1, k, n, one, accumulate: false);
                Assert.Equal(
                    all.AsSpan(row * n, n).ToArray().Select(BitConverter.SingleToInt32Bits),
                    one.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndLayouts))]
    public void EdgeKernelsGiveTheBitsOfThePaddedFullTile(string kernel, string layout)
    {
        // The last, shorter panel of a through the kernel's copy with that many rows, or padded with zero rows through
        // the full tile as before: the same sums in the same order. Row counts leave every edge from 1 to 13 rows for
        // some kernel (6, 8 and 14 rows per tile), with and without a column edge, k across several k blocks.
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(19);
        foreach (var (m, k, n) in new[] { (1, 5, 16), (4, 70, 32), (13, 300, 21), (27, 64, 64), (64, 9, 70), (130, 33, 9) })
        {
            var a = RandomMatrix(rng, m * k);
            var b = RandomMatrix(rng, k * n);
            var initial = RandomMatrix(rng, m * n);
            var bias = RandomMatrix(rng, n);
            var blocking = new GemmBlocking(DepthBlock: 128, RowBlock: 28, ColumnBlock: 48);
            foreach (bool accumulate in new[] { false, true })
            {
                var padded = (float[])initial.Clone();
                var edge = (float[])initial.Clone();
                try
                {
                    Gemm.UseEdgeKernels = false;
                    RunKernel(kernel, gemmLayout, a, b, m, k, n, padded, accumulate, accumulate ? [] : bias, blocking);
                }
                finally
                {
                    Gemm.UseEdgeKernels = true;
                }

                RunKernel(kernel, gemmLayout, a, b, m, k, n, edge, accumulate, accumulate ? [] : bias, blocking);
                Assert.Equal(padded.Select(BitConverter.SingleToInt32Bits), edge.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KernelsAndLayouts))]
    public void SmallOperandsReadInPlaceGiveTheBitsOfPackedOnes(string kernel, string layout)
    {
        // Small operands are read where they lie: a in every layout (transposed in TN, by rows in NN and NT), b stored by rows
        // (NN, TN); NT's b, a transpose of what the kernel steps through, is packed. Edge panels in rows and columns, one and
        // several k blocks, bias.
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(23);
        foreach (var (m, k, n) in new[] { (64, 32, 64), (13, 30, 21), (6, 16, 16), (65, 24, 47), (1, 7, 3), (40, 31, 9), (7, 1, 20) })
        {
            var a = RandomMatrix(rng, m * k);
            var b = RandomMatrix(rng, k * n);
            var initial = RandomMatrix(rng, m * n);
            var bias = RandomMatrix(rng, n);
            foreach (var blocking in new[] { new GemmBlocking(DepthBlock: 256, RowBlock: 30, ColumnBlock: 4096), new GemmBlocking(8, 20, 32) })
            {
                var inPlace = Gemm.ReadsInPlace<GemmKernelScalar>(gemmLayout, m, k, n, blocking);
                // With k = 1 NT's b is a single column, so it can be read in place too.
                Assert.Equal((true, gemmLayout != GemmLayout.NT || k == 1), inPlace);
                foreach (bool accumulate in new[] { false, true })
                {
                    var packed = (float[])initial.Clone();
                    var read = (float[])initial.Clone();
                    try
                    {
                        Gemm.ReadSmallOperandsInPlace = false;
                        Assert.Equal((false, false), Gemm.ReadsInPlace<GemmKernelScalar>(gemmLayout, m, k, n, blocking));
                        RunKernel(kernel, gemmLayout, a, b, m, k, n, packed, accumulate, accumulate ? [] : bias, blocking);
                    }
                    finally
                    {
                        Gemm.ReadSmallOperandsInPlace = true;
                    }

                    RunKernel(kernel, gemmLayout, a, b, m, k, n, read, accumulate, accumulate ? [] : bias, blocking);
                    Assert.True(
                        packed.Select(BitConverter.SingleToInt32Bits).SequenceEqual(read.Select(BitConverter.SingleToInt32Bits)),
                        $"{kernel} {layout} m {m} k {k} n {n}, KC {blocking.DepthBlock}, accumulate {accumulate}: in place differs from packed");
                }
            }
        }
    }

    [Fact]
    public void OnlySmallOperandsAreReadInPlace()
    {
        // wide-1024's products: a and b each span hundreds of rows of 784 or 1024 floats, far past L1; spirals' 64 x 64 ones
        // fit, and so does fmnist-mlp's a stored by rows (a row block of 30 rows of 256 floats within a 32 KiB L1), not its b.
        var blocking = new GemmBlocking(DepthBlock: 256, RowBlock: 30, ColumnBlock: 4096);
        Assert.Equal((false, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.TN, 1024, 256, 1024, blocking));
        Assert.Equal((false, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NN, 256, 1024, 784, blocking));
        Assert.Equal((false, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NT, 256, 1024, 1024, blocking));
        Assert.Equal((true, true), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.TN, 64, 64, 64, blocking));
        Assert.Equal((true, true), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NN, 64, 64, 64, blocking));
        Assert.Equal((true, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NT, 64, 64, 64, blocking));
        Assert.Equal((true, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NT, 128, 256, 256, blocking));
        Assert.Equal((true, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.NN, 128, 256, 256, blocking));
        Assert.Equal((false, false), Gemm.ReadsInPlace<GemmKernelScalar>(GemmLayout.TN, 256, 128, 256, blocking));
    }

    [Theory]
    [InlineData("NN")]
    [InlineData("NT")]
    [InlineData("TN")]
    public void TileRowsDoNotChangeTheBits(string layout)
    {
        // Each element is one FMA chain in increasing p whatever the tile: 6, 8, 12 and 14 rows per tile
        // of one width give the same bits (the width's row count is a speed choice only).
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var rng = new SeededRandom(5);
        const int m = 45, k = 300, n = 70;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, k * n);
        var expected = new float[m * n];
        var actual = new float[m * n];
        Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(gemmLayout, a, b, m, k, n, expected, accumulate: false);
        Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows14>>(gemmLayout, a, b, m, k, n, actual, accumulate: false);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>(gemmLayout, a, b, m, k, n, expected, accumulate: false);
        Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows12>>(gemmLayout, a, b, m, k, n, actual, accumulate: false);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(KernelsAndLayouts))]
    public void SmallBlocksMatchTheReference(string kernel, string layout)
    {
        // Blocks far smaller than any cache gives: many k, row and column blocks, each with a partial last one.
        var gemmLayout = Enum.Parse<GemmLayout>(layout);
        var blocking = new GemmBlocking(DepthBlock: 24, RowBlock: 20, ColumnBlock: 40);
        var rng = new SeededRandom(17);
        const int m = 53, k = 101, n = 150;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, k * n);
        var initial = RandomMatrix(rng, m * n);
        var expected = (float[])initial.Clone();
        var actual = (float[])initial.Clone();
        Reference(gemmLayout, a, b, m, k, n, expected, accumulate: true);
        RunKernel(kernel, gemmLayout, a, b, m, k, n, actual, accumulate: true, [], blocking);

        for (int i = 0; i < m * n; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= 1e-4 * (1 + Math.Abs(expected[i])),
                $"{kernel} {layout}: c[{i / n},{i % n}] = {actual[i]}, reference {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void BiasInTheEpilogueGivesTheBitsOfASeparatePass(string kernel)
    {
        // Full and edge tiles, one and several k blocks (the bias joins only the last), and k = 0.
        var rng = new SeededRandom(23);
        foreach (var (m, k, n) in new[] { (13, 70, 21), (53, 101, 150), (16, 64, 64), (5, 0, 7) })
        {
            foreach (var blocking in new[] { new GemmBlocking(256, 512, 1024), new GemmBlocking(24, 20, 40) })
            {
                var a = RandomMatrix(rng, m * k);
                var b = RandomMatrix(rng, n * k);
                var bias = RandomMatrix(rng, n);
                var expected = RandomMatrix(rng, m * n);
                var actual = (float[])expected.Clone();
                RunKernel(kernel, GemmLayout.NT, a, b, m, k, n, expected, accumulate: false, [], blocking);
                for (int row = 0; row < m; row++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        expected[row * n + j] += bias[j];
                    }
                }

                RunKernel(kernel, GemmLayout.NT, a, b, m, k, n, actual, accumulate: false, bias, blocking);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void NTPlusBiasMatchesNTThenTheBiasAndRejectsAShortBias()
    {
        var rng = new SeededRandom(29);
        const int m = 37, k = 300, n = 45;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, n * k);
        var bias = RandomMatrix(rng, n);
        var expected = new float[m * n];
        var actual = new float[m * n];
        Gemm.NT(a, b, m, k, n, expected, accumulate: false);
        for (int row = 0; row < m; row++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(expected.AsSpan(row * n, n), bias, expected.AsSpan(row * n, n));
        }

        Gemm.NTPlusBias(a, b, bias, m, k, n, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        var error = Assert.Throws<ArgumentException>(() => Gemm.NTPlusBias(a, b, bias.AsSpan(0, n - 1).ToArray(), m, k, n, actual));
        Assert.Contains("bias has 44 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocatesNothingAfterWarmUp()
    {
        var rng = new SeededRandom(5);
        const int m = 128, k = 784, n = 256;
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, n * k);
        var c = new float[m * n];
        var dw = new float[n * k];
        Gemm.NT(a, b, m, k, n, c, accumulate: false);
        Gemm.NN(c, b, m, n, k, a, accumulate: false);
        Gemm.TN(c, a, n, m, k, dw, accumulate: true);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.NT(a, b, m, k, n, c, accumulate: false);
        Gemm.NN(c, b, m, n, k, a, accumulate: false);
        Gemm.TN(c, a, n, m, k, dw, accumulate: true);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void EmptySharedDimensionClearsOrKeepsC()
    {
        var c = new[] { 1f, 2f, 3f, 4f };
        Gemm.NN([], [], 2, 0, 2, c, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f], c);

        Gemm.NN([], [], 2, 0, 2, c, accumulate: false);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void ShortSpansAreRejectedWithTheSizes()
    {
        var error = Assert.Throws<ArgumentException>(() => Gemm.NN(new float[5], new float[6], 2, 3, 2, new float[4], accumulate: false));
        Assert.Contains("a 5 (needs 6)", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.TN(new float[1], new float[1], -1, 1, 1, new float[1], accumulate: false));
    }

    [Fact]
    public void KernelNameNamesTheWidestAcceleratedKernel()
    {
        string expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "vector512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "vector256"
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "vector128" : "scalar";
        output.WriteLine($"gemm kernel in this process: {Gemm.KernelName}");
        Assert.StartsWith(expected, Gemm.KernelName, StringComparison.Ordinal);
    }

    private static void RunKernel(string kernel, GemmLayout layout, float[] a, float[] b, int m, int k, int n, float[] c, bool accumulate)
    {
        switch (kernel)
        {
            case "vector512": Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(layout, a, b, m, k, n, c, accumulate); break;
            case "vector512x14": Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows14>>(layout, a, b, m, k, n, c, accumulate); break;
            case "vector256": Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>(layout, a, b, m, k, n, c, accumulate); break;
            case "vector256x8": Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows8>>(layout, a, b, m, k, n, c, accumulate); break;
            case "vector128": Gemm.Run<GemmKernel<Vector128Ops, Vector128<float>, Rows6>>(layout, a, b, m, k, n, c, accumulate); break;
            default: Gemm.Run<GemmKernelScalar>(layout, a, b, m, k, n, c, accumulate); break;
        }
    }

    private static void RunKernel(string kernel, GemmLayout layout, float[] a, float[] b, int m, int k, int n, float[] c, bool accumulate, float[] bias, GemmBlocking blocking)
    {
        switch (kernel)
        {
            case "vector512": Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows8>>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
            case "vector512x14": Gemm.Run<GemmKernel<Vector512Ops, Vector512<float>, Rows14>>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
            case "vector256": Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows6>>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
            case "vector256x8": Gemm.Run<GemmKernel<Vector256Ops, Vector256<float>, Rows8>>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
            case "vector128": Gemm.Run<GemmKernel<Vector128Ops, Vector128<float>, Rows6>>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
            default: Gemm.Run<GemmKernelScalar>(layout, a, b, m, k, n, c, accumulate, bias, blocking); break;
        }
    }

    private static void Reference(GemmLayout layout, float[] a, float[] b, int m, int k, int n, float[] c, bool accumulate)
    {
        switch (layout)
        {
            case GemmLayout.NN: GemmReference.NN(a, b, m, k, n, c, accumulate); break;
            case GemmLayout.NT: GemmReference.NT(a, b, m, k, n, c, accumulate); break;
            default: GemmReference.TN(a, b, m, k, n, c, accumulate); break;
        }
    }

    private static float[] RandomMatrix(SeededRandom rng, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)rng.NextDouble(-1.0, 1.0);
        }

        return values;
    }
}

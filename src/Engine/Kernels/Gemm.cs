using Kernel128 = Sweep.Engine.Kernels.GemmKernel<Sweep.Engine.Kernels.Vector128Ops, System.Runtime.Intrinsics.Vector128<float>, Sweep.Engine.Kernels.Rows6>;
using Kernel256 = Sweep.Engine.Kernels.GemmKernel<Sweep.Engine.Kernels.Vector256Ops, System.Runtime.Intrinsics.Vector256<float>, Sweep.Engine.Kernels.Rows6>;
using Kernel512 = Sweep.Engine.Kernels.GemmKernel<Sweep.Engine.Kernels.Vector512Ops, System.Runtime.Intrinsics.Vector512<float>, Sweep.Engine.Kernels.Rows8>;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Matrix products used by the layers. Same contract as <see cref="GemmReference"/> (row-major,
/// sources, sizes, destination; <c>accumulate</c> adds into <c>c</c>). Packed and cache-blocked
/// (<see cref="GemmDriver{TKernel}"/>) around the widest micro-kernel the machine accelerates:
/// Vector512 (AVX-512), Vector256 (AVX2), Vector128 (SSE, NEON), else scalar. Single-threaded: sweeps run trials side by side instead.
/// Every element of c is one fixed-order sum, so results are reproducible bit for bit on a machine.
/// Allocates nothing after the calling thread's first products of a given size.
/// </summary>
public static class Gemm
{
    /// <summary>The micro-kernel this process uses: "vector512 8x32", "vector256 6x16", "vector128 6x8" or "scalar 4x4".</summary>
    public static string KernelName =>
        Vector512Ops.IsAccelerated ? "vector512 8x32"
        : Vector256Ops.IsAccelerated ? "vector256 6x16"
        : Vector128Ops.IsAccelerated ? "vector128 6x8"
        : "scalar 4x4";

    /// <summary>
    /// Whether the last, shorter panel of a runs through the micro-kernel's copy with that many rows
    /// (<see cref="IGemmMicroKernel.RunEdge"/>) rather than padded with zero rows through the full kernel. On: batches of
    /// 64 or 128 rows leave the 6-row AVX2 and 128-bit kernels a 4- or 2-row panel. Off only in the gemm-ab bench, which
    /// measures the two side by side; the bits are the same.
    /// </summary>
    internal static bool UseEdgeKernels { get; set; } = true;

    /// <summary>
    /// Whether small operands that the kernel can step through as they lie (a transposed a, a or b stored by rows, the part
    /// the kernel reads within half of L1) are read in place instead of packed (<see cref="GemmDriver{TKernel}"/>). On; off in
    /// tests that hold the two ways to the same bits and in the benches that measure them side by side.
    /// </summary>
    internal static bool ReadSmallOperandsInPlace { get; set; } = true;

    /// <summary>c[m,n] (+)= a[m,k] · b[k,n]</summary>
    public static void NN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate) =>
        Run(GemmLayout.NN, a, b, m, k, n, c, accumulate);

    /// <summary>c[m,n] (+)= a[m,k] · b[n,k]ᵀ  (Linear forward: y = x Wᵀ with W [out, in])</summary>
    public static void NT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate) =>
        Run(GemmLayout.NT, a, b, m, k, n, c, accumulate);

    /// <summary>
    /// c[m,n] = a[m,k] · b[n,k]ᵀ + bias[n] on every row (Linear forward with its bias: y = x Wᵀ + b). The
    /// bias is added in the product's epilogue, saving a pass over c; the bits are those of <see cref="NT"/>
    /// followed by adding the bias row by row.
    /// </summary>
    public static void NTPlusBias(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, int m, int k, int n, Span<float> c)
    {
        if (bias.Length < n)
        {
            throw new ArgumentException($"bias has {bias.Length} values, the product has n {n} columns", nameof(bias));
        }

        Run(GemmLayout.NT, a, b, m, k, n, c, accumulate: false, bias[..n]);
    }

    /// <summary>c[m,n] (+)= a[k,m]ᵀ · b[k,n]  (Linear weight gradient: dW = dyᵀ x)</summary>
    public static void TN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate) =>
        Run(GemmLayout.TN, a, b, m, k, n, c, accumulate);

    private static void Run(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate, ReadOnlySpan<float> columnBias = default)
    {
        if (Vector512Ops.IsAccelerated)
        {
            Run<Kernel512>(layout, a, b, m, k, n, c, accumulate, columnBias, GemmDriver<Kernel512>.MachineBlocking);
        }
        else if (Vector256Ops.IsAccelerated)
        {
            Run<Kernel256>(layout, a, b, m, k, n, c, accumulate, columnBias, GemmDriver<Kernel256>.MachineBlocking);
        }
        else if (Vector128Ops.IsAccelerated)
        {
            Run<Kernel128>(layout, a, b, m, k, n, c, accumulate, columnBias, GemmDriver<Kernel128>.MachineBlocking);
        }
        else
        {
            Run<GemmKernelScalar>(layout, a, b, m, k, n, c, accumulate, columnBias, GemmDriver<GemmKernelScalar>.MachineBlocking);
        }
    }

    /// <summary>The product with a chosen micro-kernel (tests run every kernel, emulated where not accelerated).</summary>
    internal static void Run<TKernel>(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
        where TKernel : struct, IGemmMicroKernel =>
        Run<TKernel>(layout, a, b, m, k, n, c, accumulate, [], GemmDriver<TKernel>.MachineBlocking);

    /// <summary>The product with a chosen micro-kernel and blocking (tests force many small blocks; the kernels bench tries others).</summary>
    internal static void Run<TKernel>(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate, GemmBlocking blocking)
        where TKernel : struct, IGemmMicroKernel =>
        Run<TKernel>(layout, a, b, m, k, n, c, accumulate, [], blocking);

    /// <summary>The same plus a bias per column of c (empty: none), added in the epilogue.</summary>
    internal static void Run<TKernel>(GemmLayout layout, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate, ReadOnlySpan<float> columnBias, GemmBlocking blocking)
        where TKernel : struct, IGemmMicroKernel
    {
        CheckSizes(a, b, m, k, n, c);
        switch (layout)
        {
            case GemmLayout.NN:
                GemmDriver<TKernel>.Run(a, k, 1, b, n, 1, m, k, n, c, accumulate, columnBias, blocking);
                break;
            case GemmLayout.NT:
                GemmDriver<TKernel>.Run(a, k, 1, b, 1, k, m, k, n, c, accumulate, columnBias, blocking);
                break;
            case GemmLayout.TN:
                GemmDriver<TKernel>.Run(a, 1, m, b, n, 1, m, k, n, c, accumulate, columnBias, blocking);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout");
        }
    }

    /// <summary>Whether a product of this layout and size reads a and b in place with the kernel and blocking given (<see cref="ReadSmallOperandsInPlace"/>).</summary>
    internal static (bool A, bool B) ReadsInPlace<TKernel>(GemmLayout layout, int m, int k, int n, GemmBlocking blocking)
        where TKernel : struct, IGemmMicroKernel
    {
        int kcMax = GemmDriver<TKernel>.DepthBlockOf(k, blocking);
        int mcMax = GemmDriver<TKernel>.RowBlockOf(m, blocking);
        return layout switch
        {
            GemmLayout.NN => GemmDriver<TKernel>.ReadsInPlace(k, 1, n, 1, kcMax, mcMax, UseEdgeKernels),
            GemmLayout.NT => GemmDriver<TKernel>.ReadsInPlace(k, 1, 1, k, kcMax, mcMax, UseEdgeKernels),
            GemmLayout.TN => GemmDriver<TKernel>.ReadsInPlace(1, m, n, 1, kcMax, mcMax, UseEdgeKernels),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout"),
        };
    }

    private static void CheckSizes(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c)
    {
        if (m < 0 || k < 0 || n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"sizes must be >= 0 (m {m}, k {k}, n {n})");
        }

        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException(
                $"spans too short for m {m}, k {k}, n {n}: a {a.Length} (needs {(long)m * k}), b {b.Length} (needs {(long)k * n}), c {c.Length} (needs {(long)m * n})");
        }
    }
}

namespace Sweep.Engine.Kernels;

/// <summary>
/// The innermost block of <see cref="Gemm"/>: a Rows x Columns tile of c computed from a packed
/// b panel and a packed a panel. bPanel holds b[kc, Columns] and aPanel a[kc][Rows] (the Rows values of
/// one p side by side), each zero-padded past the matrix's edge, so the kernel always computes a full tile.
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of c per tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of c per tile (NR).</summary>
    static abstract int Columns { get; }

    static abstract bool IsSupported { get; }

    /// <summary>
    /// c[Rows, Columns] (rows ldc apart) = ((accumulate ? c : 0) + a · bPanel) + (addBias ? bias[Columns] : 0),
    /// where a(i, p) is aPanel[p * Rows + i] for i &lt; Rows, p &lt; kc. Each sum runs
    /// p = 0..kc-1 from zero; the bias (one value per column, the epilogue of the last k block) is added
    /// last, so the result has the bits of a separate bias pass.
    /// </summary>
    static abstract void Run(ref float aPanel, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias);
}

namespace Sweep.Engine.Kernels;

/// <summary>
/// The innermost block of <see cref="Gemm"/>: a Rows x Columns tile of c computed from packed
/// panels. aPanel holds a[kc, Rows] (Rows values per p), bPanel holds b[kc, Columns]; both are
/// zero-padded at the edges of the matrices, so the kernel always computes a full tile.
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of c per tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of c per tile (NR).</summary>
    static abstract int Columns { get; }

    /// <summary>Largest k block (KC): a b panel of MaxDepth x Columns floats stays in L1.</summary>
    static abstract int MaxDepth { get; }

    static abstract bool IsSupported { get; }

    /// <summary>c[Rows, Columns] (rows ldc apart) = (accumulate ? c : 0) + aPanel · bPanel.</summary>
    static abstract void Run(ref float aPanel, ref float bPanel, int kc, ref float c, nint ldc, bool accumulate);
}

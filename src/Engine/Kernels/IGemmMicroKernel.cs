namespace Sweep.Engine.Kernels;

/// <summary>
/// The innermost block of <see cref="Gemm"/>: a Rows x Columns tile of c computed from a b panel and an a panel,
/// packed (bPanel holds b[kc, Columns] and aPanel a[kc][Rows], the Rows values of one p side by side; b is zero-padded
/// past the matrix's last column, and the last panel of a, when shorter, is packed with its own row count and computed
/// by <see cref="RunEdge"/>) or read where they lie (<see cref="StridedPanels"/>, <see cref="RowsApartPanels"/>).
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of c per tile (MR).</summary>
    static abstract int Rows { get; }

    /// <summary>Columns of c per tile (NR).</summary>
    static abstract int Columns { get; }

    static abstract bool IsSupported { get; }

    /// <summary>
    /// c[Rows, Columns] (rows ldc apart) = ((accumulate ? c : 0) + a · b) + (addBias ? bias[Columns] : 0). With
    /// <see cref="PackedPanels"/> a(i, p) is aPanel[p * Rows + i] and b(p, j) bPanel[p * Columns + j] (the steps passed are
    /// ignored); with <see cref="StridedPanels"/> aPanel[p * aStep + i] and bPanel[p * bStep + j], an operand read where it
    /// lies; with <see cref="RowsApartPanels"/> aPanel[i * aStep + p] (a stored by rows) and b as strided. Each sum runs p = 0..kc-1 from zero; the bias (one value per column, the epilogue of the last k block) is
    /// added last, so the result has the bits of a separate bias pass.
    /// </summary>
    static abstract void Run<TPanels>(ref float aPanel, nint aStep, ref float bPanel, nint bStep, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps;

    /// <summary>
    /// <see cref="Run"/> for the last panel of a when it has fewer rows: c[rows, Columns] from rows values of a per p (packed
    /// [kc][rows], or at aStep apart). Only those rows are computed and stored, each element the same sum in the same
    /// order as in a full tile, so the bits do not depend on where a row falls.
    /// </summary>
    static abstract void RunEdge<TPanels>(int rows, ref float aPanel, nint aStep, ref float bPanel, nint bStep, int kc, ref float c, nint ldc, bool accumulate, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps;
}

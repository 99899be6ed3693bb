using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Packed, cache-blocked matrix product around one micro-kernel (the BLIS loop nest), blocks sized
/// from the machine's caches (<see cref="GemmBlocking"/>): columns of c in blocks of NC; k in blocks of KC, each packing b[kc, nc] into Columns-wide
/// panels; rows of c in blocks of MC, each packing a[mc, kc] into Rows-high panels; then the micro-kernel over
/// every tile, the b panel of one column of tiles meeting each a panel of the block in turn.
/// a is packed (issue 17): the kernel then broadcasts from one pointer plus constants, and the pack
/// costs mc x kc copies against 2 x mc x kc x nc flops. Reading whole panels of a row-major a in place, as before, took
/// address arithmetic per broadcast and a rule against rows 4 KiB apart, and measured slower (commit message).
/// Small operands are read in place (<see cref="ReadsInPlace"/>): a transposed a (TN) and b stored by rows (NN, TN), the
/// same shape per p as a packed panel, when the k block the kernel reads lies within half of L1, and a stored by rows (NN,
/// NT; the tile's rows a row length apart) when its row block lies within L1.
/// Strides describe the layout, so one driver serves NN, NT and TN: element a(i, p) is
/// a[i * aRowStride + p * aDepthStride] and b(p, j) is b[p * bDepthStride + j * bColumnStride].
/// The k blocks depend only on k, and each block is added to c in increasing order, so every
/// element of c is the same sum in the same order wherever it lies: bit-reproducible.
/// </summary>
internal static class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Blocks for this machine's caches (<see cref="GemmBlocking"/>), computed once per kernel.</summary>
    public static GemmBlocking MachineBlocking { get; } = GemmBlocking.For(CacheSizes.Machine, TKernel.Rows, TKernel.Columns);

    // Floats past the last panel of a that the transposes of a tight panel may overwrite (PanelTranspose.RowsToColumns).
    private const int PanelOverhang = 8;

    public static void Run(
        ReadOnlySpan<float> a, int aRowStride, int aDepthStride,
        ReadOnlySpan<float> b, int bDepthStride, int bColumnStride,
        int m, int k, int n, Span<float> c, bool accumulate) =>
        Run(a, aRowStride, aDepthStride, b, bDepthStride, bColumnStride, m, k, n, c, accumulate, [], MachineBlocking);

    /// <summary>
    /// c = (accumulate ? c : 0) + a · b, then + columnBias[j] on every row when columnBias is not empty
    /// (length n): the bias is the epilogue of the last k block, added to each tile while it is in
    /// registers, which saves a pass over c and gives the bits of a separate pass.
    /// </summary>
    public static void Run(
        ReadOnlySpan<float> a, int aRowStride, int aDepthStride,
        ReadOnlySpan<float> b, int bDepthStride, int bColumnStride,
        int m, int k, int n, Span<float> c, bool accumulate, ReadOnlySpan<float> columnBias, GemmBlocking blocking)
    {
        bool hasBias = !columnBias.IsEmpty;
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            for (int row = 0; hasBias && row < m; row++)
            {
                var cRow = c.Slice(row * n, n);
                System.Numerics.Tensors.TensorPrimitives.Add(cRow, columnBias[..n], cRow);
            }

            return;
        }

        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        // k blocks of equal size (they depend on k and the blocking only), row blocks of equal size
        // rounded to whole panels: no block is a sliver.
        int kcMax = DepthBlockOf(k, blocking);
        int mcMax = RowBlockOf(m, blocking);
        int ncMax = RoundUp(Math.Min(n, Math.Max(nr, blocking.ColumnBlock)), nr);
        var workspace = GemmWorkspace.ForThread(mcMax * kcMax + PanelOverhang, ncMax * kcMax, mr * nr);
        var packedA = workspace.PackedA;
        var packedB = workspace.PackedB;
        var tile = workspace.Tile;
        bool edgeKernels = Gemm.UseEdgeKernels;
        // Small operands are read where they lie (ReadsInPlace): their packs cost a fifth of a 64 x 64 x 64 product's time,
        // while in-place reads of large ones cross a page per p and lose to packing.
        var (aInPlace, bInPlace) = ReadsInPlace(aRowStride, aDepthStride, bDepthStride, bColumnStride, kcMax, mcMax, edgeKernels);
        ref float cStart = ref MemoryMarshal.GetReference(c);
        ref float biasStart = ref MemoryMarshal.GetReference(columnBias);
        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool add = accumulate || pc > 0;
                bool addBias = hasBias && pc + kc == k;
                // With b in place only its last panel, when short of Columns, is packed (at its place in the buffer).
                int bInPlaceColumns = bInPlace ? nc / nr * nr : 0;
                if (bInPlaceColumns < nc)
                {
                    PackB(b, bDepthStride, bColumnStride, pc, kc, jc + bInPlaceColumns, nc - bInPlaceColumns, packedB[(bInPlaceColumns * kc)..]);
                }

                ref float bBlock = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), bInPlace ? (nint)pc * bDepthStride + jc : 0);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    ref float cBlock = ref Unsafe.Add(ref cStart, (nint)ic * n + jc);
                    // Only read when addBias, which implies columnBias holds n values.
                    ref float biasBlock = ref Unsafe.Add(ref biasStart, addBias ? jc : 0);
                    if (aInPlace)
                    {
                        ref float aBlock = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), (nint)ic * aRowStride + (nint)pc * aDepthStride);
                        if (aRowStride == 1)
                        {
                            // a stored transposed (TN): a row's values for one p side by side, p a row of a apart.
                            Tiles<StridedPanels>(ref aBlock, aPacked: false, 1, aDepthStride, ref bBlock, bDepthStride, bInPlaceColumns, packedB,
                                mc, nc, kc, ref cBlock, n, add, ref biasBlock, addBias, tile, edgeKernels);
                        }
                        else
                        {
                            // a stored by rows (NN, NT): p runs along a row, the tile's rows a row length apart.
                            Tiles<RowsApartPanels>(ref aBlock, aPacked: false, aRowStride, aRowStride, ref bBlock, bDepthStride, bInPlaceColumns, packedB,
                                mc, nc, kc, ref cBlock, n, add, ref biasBlock, addBias, tile, edgeKernels);
                        }

                        continue;
                    }

                    PackA(a, aRowStride, aDepthStride, ic, mc, pc, kc, packedA, edgeKernels);
                    ref float packedABlock = ref MemoryMarshal.GetReference(packedA);
                    if (bInPlace)
                    {
                        Tiles<StridedPanels>(ref packedABlock, aPacked: true, kc, mr, ref bBlock, bDepthStride, bInPlaceColumns, packedB,
                            mc, nc, kc, ref cBlock, n, add, ref biasBlock, addBias, tile, edgeKernels);
                    }
                    else
                    {
                        Tiles<PackedPanels>(ref packedABlock, aPacked: true, kc, mr, ref bBlock, 0, 0, packedB,
                            mc, nc, kc, ref cBlock, n, add, ref biasBlock, addBias, tile, edgeKernels);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Floats of a k block of b, or of a transposed a, that may be read in place: half of L1. Beyond it the strided reads
    /// lost to packing (fmnist-mlp's 128 x 256 weight gradient x0.73-0.98 with its operands in place, AVX2 Zen 3).
    /// </summary>
    private static readonly long SmallBlockFloats = CacheSizes.Machine.L1Data / 2 / sizeof(float);

    /// <summary>
    /// Floats of a row block of an a stored by rows (rows × row length) that may be read in place: L1, as much as the
    /// packed a block fills. fmnist-mlp's forward and input gradient (30 rows of 256 floats) gained x1.02-1.03 in place;
    /// wide-1024's rows of 1024 floats, 4 KiB apart, lost (x0.97-0.98), and a 30-row block of them is far past L1.
    /// </summary>
    private static readonly long RowBlockFloats = CacheSizes.Machine.L1Data / sizeof(float);

    /// <summary>The k block of a product with k terms: k split into equal blocks of at most the blocking's KC.</summary>
    internal static int DepthBlockOf(int k, GemmBlocking blocking)
    {
        int depthBlocks = (k + blocking.DepthBlock - 1) / blocking.DepthBlock;
        return (k + depthBlocks - 1) / depthBlocks;
    }

    /// <summary>The row block of a product with m rows: m split into equal blocks of whole panels, at most the blocking's MC.</summary>
    internal static int RowBlockOf(int m, GemmBlocking blocking)
    {
        int mr = TKernel.Rows;
        int rowBlock = Math.Max(mr, blocking.RowBlock / mr * mr);
        int rowBlocks = (m + rowBlock - 1) / rowBlock;
        return RoundUp((m + rowBlocks - 1) / rowBlocks, mr);
    }

    /// <summary>
    /// Whether the product reads a, b where they lie rather than packed, the kernel stepping through them as through packed
    /// panels. a when edge panels run tight and either its rows' values lie side by side (aRowStride 1: a transposed a) with
    /// its k block (kcMax values of p, aDepthStride apart) within half of L1, or it is stored by rows (aDepthStride 1) with
    /// a row block (mcMax rows, aRowStride apart) within L1; b when stored by rows (bColumnStride 1) with its k block (kcMax
    /// rows, bDepthStride apart) within half of L1.
    /// </summary>
    internal static (bool A, bool B) ReadsInPlace(int aRowStride, int aDepthStride, int bDepthStride, int bColumnStride, int kcMax, int mcMax, bool edgeKernels)
    {
        bool on = Gemm.ReadSmallOperandsInPlace;
        bool aSideBySide = aRowStride == 1 && (long)kcMax * aDepthStride <= SmallBlockFloats;
        bool aByRows = aDepthStride == 1 && (long)mcMax * aRowStride <= RowBlockFloats;
        return (on && edgeKernels && (aSideBySide || aByRows),
            on && bColumnStride == 1 && (long)kcMax * bDepthStride <= SmallBlockFloats);
    }

    /// <summary>
    /// Every tile of one block of c [mc, nc], the b panel of each column of tiles meeting each a panel in turn.
    /// a panel ir (its first row) starts at aBlock + ir · aRowOffset and steps aStep floats per p: packed, aRowOffset is kc
    /// and aStep Rows (an edge panel packed tight steps its own row count); a transposed a read in place, 1 and its row length
    /// (m); a stored by rows read in place (<see cref="RowsApartPanels"/>), both its row length (k), which the kernel takes as
    /// the distance between rows.
    /// b panel jr starts at bBlock + jr and steps bStep per p when jr &lt; bInPlaceColumns (b read in place), else at
    /// packedB[jr · kc], Columns per p. With <see cref="PackedPanels"/> the kernels take their constant steps.
    /// </summary>
    private static void Tiles<TPanels>(
        ref float aBlock, bool aPacked, nint aRowOffset, nint aStep, ref float bBlock, nint bStep, int bInPlaceColumns, Span<float> packedB,
        int mc, int nc, int kc, ref float cBlock, int ldc, bool add, ref float biasBlock, bool addBias, Span<float> tile, bool edgeKernels)
        where TPanels : struct, IPanelSteps
    {
        int mr = TKernel.Rows;
        int nr = TKernel.Columns;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int columns = Math.Min(nr, nc - jr);
            bool bHere = jr < bInPlaceColumns;
            ref float bPanel = ref bHere ? ref Unsafe.Add(ref bBlock, jr) : ref packedB[jr * kc];
            nint bPanelStep = bHere ? bStep : nr;
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                ref float aPanel = ref Unsafe.Add(ref aBlock, ir * aRowOffset);
                nint aPanelStep = aPacked && rows < mr && edgeKernels ? rows : aStep;
                ref float cTile = ref Unsafe.Add(ref cBlock, (nint)ir * ldc + jr);
                ref float biasTile = ref Unsafe.Add(ref biasBlock, addBias ? jr : 0);
                if (rows < mr && edgeKernels)
                {
                    RunEdge<TPanels>(ref aPanel, aPanelStep, ref bPanel, bPanelStep, kc, rows, columns, tile, ref cTile, ldc, add, ref biasTile, addBias);
                }
                else if (rows == mr && columns == nr)
                {
                    TKernel.Run<TPanels>(ref aPanel, aPanelStep, ref bPanel, bPanelStep, kc, ref cTile, ldc, add, ref biasTile, addBias);
                }
                else
                {
                    TKernel.Run<TPanels>(ref aPanel, aPanelStep, ref bPanel, bPanelStep, kc, ref tile[0], nr, accumulate: false, ref biasTile, addBias: false);
                    CopyEdgeTile(tile, nr, rows, columns, ref cTile, ldc, add, ref biasTile, addBias);
                }
            }
        }
    }

    /// <summary>
    /// a(ic.., pc..) [mc, kc] -> panels [kc][Rows] from packed[ir * kc]. When mc leaves the last panel fewer rows, it is
    /// packed [kc][rows] for <see cref="IGemmMicroKernel.RunEdge"/> (no padding rows to compute), or, with
    /// <paramref name="edgeKernels"/> off, [kc][Rows] with the rows past mc zero for the full kernel (the earlier way).
    /// </summary>
    private static void PackA(ReadOnlySpan<float> a, int rowStride, int depthStride, int ic, int mc, int pc, int kc, Span<float> packed, bool edgeKernels)
    {
        int mr = TKernel.Rows;
        // a stored transposed (TN): the whole panels are copied a row of the source at a time (see PackB).
        int wholeRows = depthStride == 1 ? 0 : mc / mr * mr;
        if (wholeRows > 0)
        {
            CopyRowsIntoPanels(a[((pc * depthStride) + ic)..], depthStride, kc, wholeRows, mr, packed);
        }

        for (int ir = wholeRows; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            int width = edgeKernels ? rows : mr;
            var panel = packed.Slice(ir * kc, kc * width);
            if (rows < width)
            {
                panel.Clear();
            }

            if (depthStride == 1)
            {
                // Rows of a are contiguous along k: transpose each row into a column of the panel.
                // The rest of the buffer, not just the panel: a tight panel's last row may overhang into the next panel
                // (packed after it) or the buffer's slack (PanelTranspose).
                PanelTranspose.RowsToColumns(a[((ic + ir) * rowStride + pc)..], rowStride, rows, kc, packed[(ir * kc)..], width);
            }
            else
            {
                // a is stored transposed (TN): the last panel, short of Rows rows.
                CopyRows(a[((pc * depthStride) + ic + ir)..], depthStride, kc, rows, panel, width);
            }
        }
    }

    /// <summary>The tile of an edge panel of a (rows &lt; Rows; packed [kc][rows], or in place): into c, or aside and copied where columns &lt; Columns.</summary>
    private static void RunEdge<TPanels>(ref float aPanel, nint aStep, ref float bPanel, nint bStep, int kc, int rows, int columns, Span<float> tile, ref float cTile, int ldc, bool add, ref float bias, bool addBias)
        where TPanels : struct, IPanelSteps
    {
        int nr = TKernel.Columns;
        if (columns == nr)
        {
            TKernel.RunEdge<TPanels>(rows, ref aPanel, aStep, ref bPanel, bStep, kc, ref cTile, ldc, add, ref bias, addBias);
        }
        else
        {
            // Past c's last column a full-width tile would overrun the row: compute it aside, copy what fits.
            TKernel.RunEdge<TPanels>(rows, ref aPanel, aStep, ref bPanel, bStep, kc, ref tile[0], nr, accumulate: false, ref bias, addBias: false);
            CopyEdgeTile(tile, nr, rows, columns, ref cTile, ldc, add, ref bias, addBias);
        }
    }

    /// <summary>b(pc.., jc..) [kc, nc] -> panels [nc / Columns][kc][Columns], columns past nc zero.</summary>
    private static void PackB(ReadOnlySpan<float> b, int depthStride, int columnStride, int pc, int kc, int jc, int nc, Span<float> packed)
    {
        int nr = TKernel.Columns;
        // b stored by rows (NN, TN): the whole panels are copied a row of the block at a time, so b is read in order.
        // Panel by panel, each of its kc short reads lay a whole row of b from the last, a new 4 KiB page for
        // wide-1024's rows, where the prefetchers stop: the input gradient's product ran x1.03-1.08 slower that way.
        int wholeColumns = columnStride == 1 ? nc / nr * nr : 0;
        if (wholeColumns > 0)
        {
            CopyRowsIntoPanels(b[((pc * depthStride) + jc)..], depthStride, kc, wholeColumns, nr, packed);
        }

        for (int jr = wholeColumns; jr < nc; jr += nr)
        {
            int columns = Math.Min(nr, nc - jr);
            var panel = packed.Slice(jr * kc, kc * nr);
            if (columns < nr)
            {
                panel.Clear();
            }

            if (columnStride == 1)
            {
                CopyRows(b[((pc * depthStride) + jc + jr)..], depthStride, kc, columns, panel, nr);
            }
            else
            {
                // b is stored transposed (NT: b[n, k]): transpose each row of b into a column of the panel.
                PanelTranspose.RowsToColumns(b[((jc + jr) * columnStride + pc)..], columnStride, columns, kc, panel, nr);
            }
        }
    }

    /// <summary>
    /// Whole panels from rows of the source: panel q (of length / width) gets destination[q * width * count + p * width + j] =
    /// source[p * sourceStride + q * width + j] for p &lt; count, j &lt; width, copied row p by row p (each source row read
    /// once, in order). length is a multiple of width, the kernel's Rows or Columns (a constant once the driver is
    /// specialised, so each short copy unrolls).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRowsIntoPanels(ReadOnlySpan<float> source, int sourceStride, int count, int length, int width, Span<float> destination)
    {
        if ((long)(count - 1) * sourceStride + length > source.Length || (long)count * length > destination.Length)
        {
            throw new ArgumentException("panel copy out of range");
        }

        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        int panelLength = count * width;
        for (int p = 0; p < count; p++)
        {
            ref float row = ref Unsafe.Add(ref from, (nint)p * sourceStride);
            ref float target = ref Unsafe.Add(ref to, (nint)p * width);
            nint panel = 0;
            for (int q = 0; q < length; q += width, panel += panelLength)
            {
                Unsafe.CopyBlockUnaligned(
                    ref Unsafe.As<float, byte>(ref Unsafe.Add(ref target, panel)),
                    ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, q)),
                    (uint)(width * sizeof(float)));
            }
        }
    }

    /// <summary>
    /// destination[p * width + j] = source[p * sourceStride + j] for p &lt; count, j &lt; length (length &lt;= width):
    /// count short rows into a panel. Short copies are too small for Span.CopyTo's call to pay off.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows(ReadOnlySpan<float> source, int sourceStride, int count, int length, Span<float> destination, int width)
    {
        if (length == width)
        {
            // One whole panel: width is the kernel's Rows or Columns (a constant here, so each copy unrolls) or an edge panel's rows.
            CopyRowsIntoPanels(source, sourceStride, count, width, width, destination);
            return;
        }

        if ((long)(count - 1) * sourceStride + length > source.Length || (long)count * width > destination.Length)
        {
            throw new ArgumentException("panel copy out of range");
        }

        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(destination);
        for (int p = 0; p < count; p++)
        {
            ref float row = ref Unsafe.Add(ref from, (nint)p * sourceStride);
            ref float target = ref Unsafe.Add(ref to, (nint)p * width);
            for (int j = 0; j < length; j++)
            {
                Unsafe.Add(ref target, j) = Unsafe.Add(ref row, j);
            }
        }
    }

    /// <summary>c[rows, columns] = ((add ? c : 0) + tile) + (addBias ? bias[columns] : 0): the kernel's epilogue for an edge tile.</summary>
    private static void CopyEdgeTile(Span<float> tile, int tileStride, int rows, int columns, ref float c, int ldc, bool add, ref float bias, bool addBias)
    {
        for (int r = 0; r < rows; r++)
        {
            var source = tile.Slice(r * tileStride, columns);
            var destination = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, (nint)r * ldc), columns);
            if (add)
            {
                for (int j = 0; j < columns; j++)
                {
                    destination[j] += source[j];
                }
            }
            else
            {
                source.CopyTo(destination);
            }

            for (int j = 0; addBias && j < columns; j++)
            {
                destination[j] += Unsafe.Add(ref bias, j);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}

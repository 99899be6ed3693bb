namespace Sweep.Engine.Kernels;

/// <summary>
/// Block sizes of <see cref="GemmDriver{TKernel}"/> (the BLIS loop nest).
/// <list type="bullet">
/// <item>KC (k block) is part of the numerics, not a tuning knob: each k block is summed in registers and then added
/// to c, so KC decides the order of the sums and with it the result bits. It is therefore fixed per micro-kernel
/// shape (<see cref="DepthBlockFor"/>): the same trial gives the same bits on every machine of a cluster with the same
/// vector width, which resume, re-run attempts on another worker and the synchronous rung mode's re-runs rely on.
/// The values are the ones hand-tuned before (256 for 16 or fewer columns, b panel 16 KiB = half a 32 KiB L1; 192 for
/// the 32-column AVX-512 kernel, 24 KiB = half a 48 KiB L1).</item>
/// <item>MC (rows of a per block) and NC (columns of b per block) depend on which packed panel the kernel streams
/// (issue 17):
/// <list type="bullet">
/// <item>The AVX-512 kernel (32 columns) keeps one a panel (Rows x KC, 6 KiB) in L1 and streams the b panels of the
/// column block from L2 past it: MC is one panel (Rows) and the packed b block, KC x NC floats, fills half of L2, so
/// c is swept one row panel at a time, left to right. Against an a block that fills L1 (64 rows on a 48 KiB L1, each
/// b panel reused across it), on a 2-core Intel Xeon (Emerald Rapids, AVX-512, 48 KiB L1, 2 MiB L2), in-process
/// paired medians: wide-1024's forward, input and weight gradient x1.03-1.06, x1.03-1.04, x1.02-1.03, fmnist-mlp's
/// x1.01, x1.02, x1.00. NC has to keep the b block in L2: against the earlier blocking, a 256 x 1024 x 4096 forward
/// ran x0.77 with all 4096 columns in one block (3 MiB packed) and x1.07 with 1,344 (half of L2).</item>
/// <item>The narrower kernels (16 columns or fewer) keep an a block of MC x KC floats that fills L1 and reuse each b
/// panel across it; NC fills half of L3, capped so the pack buffer stays modest where L3 is large or shared. One a
/// panel per block ran the 6x16 kernel x0.94-0.98 on the same machine.</item>
/// </list></item>
/// </list>
/// MC and NC only split rows and columns of c, never a sum, so they follow the machine's caches without moving a bit.
/// </summary>
internal readonly record struct GemmBlocking(int DepthBlock, int RowBlock, int ColumnBlock)
{
    private const int MaxColumnBlock = 4096;

    /// <summary>KC of a micro-kernel <paramref name="columns"/> wide: machine-independent (see the type's summary).</summary>
    public static int DepthBlockFor(int columns) => columns >= 32 ? 192 : 256;

    /// <summary>Blocks for a Rows x Columns micro-kernel on a machine with the given caches.</summary>
    public static GemmBlocking For(CacheSizes caches, int rows, int columns) =>
        StreamsBPanels(columns) ? StreamingBPanels(caches, rows, columns) : ReusingBPanels(caches, rows, columns);

    /// <summary>Whether a kernel this wide streams b panels past one a panel (see the type's summary): the AVX-512 kernel.</summary>
    public static bool StreamsBPanels(int columns) => columns >= 32;

    /// <summary>One a panel per row block (MC = Rows), b panels streamed from L2: the packed b block within half of L2.</summary>
    public static GemmBlocking StreamingBPanels(CacheSizes caches, int rows, int columns)
    {
        int kc = DepthBlockFor(columns);
        return new GemmBlocking(kc, rows, ColumnsWithin(caches.L2 / 2, (long)kc * sizeof(float), columns));
    }

    /// <summary>An a block that fills L1 (MC x KC floats), each b panel reused across it; the packed b block within half of L3.</summary>
    public static GemmBlocking ReusingBPanels(CacheSizes caches, int rows, int columns)
    {
        int kc = DepthBlockFor(columns);
        long bytesPerRow = (long)kc * sizeof(float);
        int mc = (int)Math.Max(rows, caches.L1Data / bytesPerRow / rows * rows);
        return new GemmBlocking(kc, mc, ColumnsWithin(caches.L3 / 2, bytesPerRow, columns));
    }

    /// <summary>The most whole Columns-wide panels of KC floats per column that fit in the given bytes, within [columns, 4096].</summary>
    private static int ColumnsWithin(long bytes, long bytesPerColumn, int columns) =>
        (int)Math.Clamp(bytes / bytesPerColumn / columns * columns, columns, MaxColumnBlock / columns * columns);
}

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
/// <item>The AVX-512 kernel (32 columns) streams the b panels of the column block from L2 past a small a block that
/// stays in L1: the packed b block, KC x NC floats, fills half of L2, and MC is the largest multiple of Rows whose a
/// block fits in L1 beside one b panel with a quarter of L1 to spare for c and the stream ((MC + Columns) x KC floats
/// within three quarters of L1: 16 rows on a 48 KiB L1, 8 on a 32 KiB one). c is then swept a few rows at a time, left
/// to right. Measured on a 2-core Intel Xeon (Emerald Rapids, AVX-512, 48 KiB L1, 2 MiB L2), one process, all of a
/// step's products per shape class in interleaved 15 ms slices, medians of the paired ratios in four runs, against the
/// a block that fills L1 (64 rows, the rule before): wide-1024's forward, input and weight gradient x1.01-1.04,
/// x1.01-1.03, x1.01-1.02, fmnist-mlp's x0.99-1.02, x0.99-1.02, x1.00-1.01. One a panel per block (MC = Rows) took
/// wide-1024 x1.01-1.04 and x1.02-1.05 forward and input gradient but fmnist-mlp x0.96-0.98 weight gradient. NC has
/// to keep the b block in L2: against the earlier blocking, a 256 x 1024 x 4096 forward ran x0.77 with all 4096
/// columns in one block (3 MiB packed) and x1.07 with 1,344 (half of L2).</item>
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

    /// <summary>
    /// b panels streamed from L2 past an a block that fits in L1 beside one b panel, a quarter of L1 spare (at least one
    /// a panel); the packed b block within half of L2.
    /// </summary>
    public static GemmBlocking StreamingBPanels(CacheSizes caches, int rows, int columns)
    {
        int kc = DepthBlockFor(columns);
        long bytesPerRow = (long)kc * sizeof(float);
        long aBlockRows = caches.L1Data * 3 / 4 / bytesPerRow - columns;
        int mc = (int)Math.Max(rows, aBlockRows / rows * rows);
        return new GemmBlocking(kc, mc, ColumnsWithin(caches.L2 / 2, bytesPerRow, columns));
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

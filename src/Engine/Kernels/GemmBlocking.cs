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
/// <item>MC (rows of a per block): the packed a block, MC x KC floats, fills L1 of the machine it runs on (issue 17),
/// so each b panel of the column block meets a panels still in L1 and c is swept MC rows at a time. Against the
/// earlier half of L2 (1,360 rows on a 2 MiB L2), on a 2-core Intel Xeon (AVX-512, 48 KiB L1: 64 rows), wide-1024
/// forward, input and weight gradient took x1.00, x1.04, x1.09 (32 to 64 rows alike), fmnist-mlp's x0.99, x0.97,
/// x1.06; the AVX2 kernel there was the same either way.</item>
/// <item>NC (columns of b per block): the packed b block, KC x NC floats, fills half of L3 (capped, so the pack buffer
/// stays modest where L3 is large or shared).</item>
/// </list>
/// MC and NC only split rows and columns of c, never a sum, so they follow the machine's caches without moving a bit.
/// </summary>
internal readonly record struct GemmBlocking(int DepthBlock, int RowBlock, int ColumnBlock)
{
    private const int MaxColumnBlock = 4096;

    /// <summary>KC of a micro-kernel <paramref name="columns"/> wide: machine-independent (see the type's summary).</summary>
    public static int DepthBlockFor(int columns) => columns >= 32 ? 192 : 256;

    /// <summary>Blocks for a Rows x Columns micro-kernel on a machine with the given caches.</summary>
    public static GemmBlocking For(CacheSizes caches, int rows, int columns)
    {
        int kc = DepthBlockFor(columns);
        int mc = (int)Math.Max(rows, caches.L1Data / ((long)kc * sizeof(float)) / rows * rows);
        int nc = (int)Math.Clamp(caches.L3 / 2 / ((long)kc * sizeof(float)) / columns * columns, columns, MaxColumnBlock / columns * columns);
        return new GemmBlocking(kc, mc, nc);
    }
}

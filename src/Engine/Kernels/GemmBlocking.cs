namespace Sweep.Engine.Kernels;

/// <summary>
/// Block sizes of <see cref="GemmDriver{TKernel}"/> (the BLIS loop nest), chosen from the cache sizes
/// of the machine it runs on rather than one machine's constants:
/// <list type="bullet">
/// <item>KC (k block): a packed b micro-panel, KC x Columns floats, fills half of L1, so it stays
/// there while the a panels stream past it and the other half holds them and c's tile.</item>
/// <item>MC (rows of a per block): the packed a block, MC x KC floats, fills half of L2.</item>
/// <item>NC (columns of b per block): the packed b block, KC x NC floats, fills half of L3
/// (capped, so the pack buffer stays modest where L3 is large or shared).</item>
/// </list>
/// On a Zen 3 core (32 KiB L1) this gives KC 256 with the 16-column AVX2 kernel, the value hand-tuned
/// there before; on a Xeon with 48 KiB L1, KC 192 with the 32-column AVX-512 kernel, the constant used
/// before (`build.ps1 Bench -Suite gemm-kernels` compares it with other blockings). KC depends on the machine and kernel only, never on m or n, so every element of c is the
/// same sum in the same order wherever it lies (bit-reproducible on a machine).
/// </summary>
internal readonly record struct GemmBlocking(int DepthBlock, int RowBlock, int ColumnBlock)
{
    private const int MinDepthBlock = 64;
    private const int MaxDepthBlock = 512;
    private const int MaxColumnBlock = 4096;

    /// <summary>Blocks for a Rows x Columns micro-kernel on a machine with the given caches.</summary>
    public static GemmBlocking For(CacheSizes caches, int rows, int columns)
    {
        int kc = (int)Math.Clamp(caches.L1Data / 2 / (columns * sizeof(float)), MinDepthBlock, MaxDepthBlock) / 8 * 8;
        int mc = (int)Math.Max(rows, caches.L2 / 2 / ((long)kc * sizeof(float)) / rows * rows);
        int nc = (int)Math.Clamp(caches.L3 / 2 / ((long)kc * sizeof(float)) / columns * columns, columns, MaxColumnBlock / columns * columns);
        return new GemmBlocking(kc, mc, nc);
    }
}

using Sweep.Engine.Kernels;

namespace Sweep.Engine.Tests.Kernels;

public sealed class GemmBlockingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sweep-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("48K", 48L * 1024)]
    [InlineData("2048K\n", 2048L * 1024)]
    [InlineData("32M", 32L * 1024 * 1024)]
    [InlineData("1G", 1024L * 1024 * 1024)]
    [InlineData("65536", 65536L)]
    public void SysfsSizesParse(string text, long bytes) => Assert.Equal(bytes, CacheSizes.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("-4K")]
    [InlineData("big")]
    public void NonSizesParseAsNull(string text) => Assert.Null(CacheSizes.ParseSize(text));

    [Fact]
    public void SysfsFolderGivesTheDataCachesAndSkipsInstructionCaches()
    {
        // The layout of a Xeon's cpu0/cache: L1 data and instruction, unified L2 and L3.
        WriteIndex(0, 1, "Data", "48K");
        WriteIndex(1, 1, "Instruction", "32K");
        WriteIndex(2, 2, "Unified", "2048K");
        WriteIndex(3, 3, "Unified", "266240K");
        Assert.Equal(new CacheSizes(48 * 1024, 2048 * 1024, 266240L * 1024), CacheSizes.ReadSysfs(_folder));
    }

    [Fact]
    public void MissingLevelsKeepTheFallbackAndAMissingFolderGivesNull()
    {
        WriteIndex(0, 1, "Data", "64K");
        Assert.Equal(CacheSizes.Fallback with { L1Data = 64 * 1024 }, CacheSizes.ReadSysfs(_folder));
        Assert.Null(CacheSizes.ReadSysfs(Path.Combine(_folder, "absent")));
    }

    [Fact]
    public void BlocksFollowTheCaches()
    {
        // Zen 3 (32K / 512K / 32M) with the AVX2 6x16 kernel: KC 256, the value hand-tuned there.
        var zen3 = GemmBlocking.For(new CacheSizes(32 * 1024, 512 * 1024, 32 * 1024 * 1024), rows: 6, columns: 16);
        Assert.Equal(256, zen3.DepthBlock);
        Assert.Equal(0, zen3.RowBlock % 6);
        Assert.True(zen3.RowBlock * zen3.DepthBlock * sizeof(float) <= 32 * 1024, $"a block {zen3} overflows L1");
        Assert.Equal(0, zen3.ColumnBlock % 16);

        // A 48 KiB-L1, 2 MiB-L2 Xeon with the AVX-512 8x32 kernel: KC 192; the a block beside one b panel within three
        // quarters of L1 (36 KiB / 768 bytes per row = 48 rows, less the panel's 32 columns: 16), and the packed b block,
        // KC x NC floats, within half of L2: 1 MiB / 768 bytes per column = 1,365 columns, 1,344 in whole panels.
        var xeon = GemmBlocking.For(new CacheSizes(48 * 1024, 2048 * 1024, 260L * 1024 * 1024), rows: 8, columns: 32);
        Assert.Equal(192, xeon.DepthBlock);
        Assert.Equal(16, xeon.RowBlock);
        Assert.True((xeon.RowBlock + 32) * xeon.DepthBlock * sizeof(float) <= 48 * 1024 * 3 / 4, $"a block and b panel {xeon} overflow L1");
        Assert.Equal(1344, xeon.ColumnBlock);
        Assert.True(xeon.ColumnBlock * xeon.DepthBlock * sizeof(float) <= 1024 * 1024, $"b block {xeon} overflows half of L2");

        // Tiny caches never give an empty block.
        var tiny = GemmBlocking.For(new CacheSizes(1024, 1024, 1024), rows: 14, columns: 32);
        Assert.True(tiny.DepthBlock >= 64 && tiny.RowBlock >= 14 && tiny.ColumnBlock >= 32, tiny.ToString());
    }

    [Fact]
    public void TheKBlockDoesNotDependOnTheMachine()
    {
        // KC fixes the order of the sums, so a trial's bits must not depend on which machine ran it: a 32 KiB-L1 Zen 4
        // and a 48 KiB-L1 Xeon, both AVX-512, get the same KC; only MC and NC follow their caches.
        var zen4 = GemmBlocking.For(new CacheSizes(32 * 1024, 1024 * 1024, 32 * 1024 * 1024), rows: 8, columns: 32);
        var xeon = GemmBlocking.For(new CacheSizes(48 * 1024, 2048 * 1024, 260L * 1024 * 1024), rows: 8, columns: 32);
        var zen3 = GemmBlocking.For(new CacheSizes(32 * 1024, 512 * 1024, 32 * 1024 * 1024), rows: 6, columns: 16);
        Assert.Equal(xeon.DepthBlock, zen4.DepthBlock);
        Assert.True(zen4.ColumnBlock < xeon.ColumnBlock, $"{zen4} vs {xeon}: NC should follow L2");
        Assert.True(zen4.RowBlock < xeon.RowBlock && zen4.RowBlock == 8, $"{zen4} vs {xeon}: MC should follow L1, never below one panel");
        Assert.True(zen3.RowBlock < GemmBlocking.For(new CacheSizes(48 * 1024, 512 * 1024, 32 * 1024 * 1024), rows: 6, columns: 16).RowBlock, "MC of the 6x16 kernel should follow L1");
        Assert.Equal(GemmBlocking.DepthBlockFor(16), GemmBlocking.For(CacheSizes.Fallback, rows: 6, columns: 16).DepthBlock);
    }

    private void WriteIndex(int index, int level, string type, string size)
    {
        string folder = Path.Combine(_folder, $"index{index}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "level"), $"{level}\n");
        File.WriteAllText(Path.Combine(folder, "type"), $"{type}\n");
        File.WriteAllText(Path.Combine(folder, "size"), $"{size}\n");
    }
}

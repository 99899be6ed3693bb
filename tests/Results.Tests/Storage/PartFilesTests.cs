using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

public sealed class PartFilesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("part-00001.parquet", true, 1)]
    [InlineData("part-123456.parquet", true, 123456)]
    [InlineData(".part-00001.3f2a.tmp", false, 0)]
    [InlineData("part-.parquet", false, 0)]
    [InlineData("part-0001a.parquet", false, 0)]
    [InlineData("part-00001.parquet.bak", false, 0)]
    public void Only_published_part_names_parse(string name, bool ok, int number)
    {
        Assert.Equal(ok, PartFiles.TryParseNumber(name, out int parsed));
        Assert.Equal(number, parsed);
    }

    [Fact]
    public void Names_are_zero_padded_to_five_digits()
    {
        Assert.Equal("part-00042.parquet", PartFiles.FileName(42));
        Assert.True(PartFiles.TryParseNumber(PartFiles.FileName(42), out int number));
        Assert.Equal(42, number);
    }

    [Fact]
    public async Task Publish_never_replaces_an_existing_part_and_leaves_no_temp_file()
    {
        string final = Path.Combine(_temp.Path, PartFiles.FileName(1));
        File.WriteAllText(final, "committed before");

        await Assert.ThrowsAsync<IOException>(() => PartFiles.PublishAsync(_temp.Path, 1, (s, ct) => s.WriteAsync("new"u8.ToArray(), ct).AsTask(), CancellationToken.None));

        Assert.Equal("committed before", File.ReadAllText(final));
        Assert.Empty(PartFiles.TempFiles(_temp.Path));
    }

    [Fact]
    public async Task A_failing_write_publishes_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => PartFiles.PublishAsync(_temp.Path, 2, async (s, ct) =>
        {
            await s.WriteAsync("half"u8.ToArray(), ct);
            throw new InvalidOperationException("disk full");
        }, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task List_finds_published_parts_by_number_and_ignores_everything_else()
    {
        await PartFiles.PublishAsync(_temp.Path, 3, (s, ct) => s.WriteAsync("x"u8.ToArray(), ct).AsTask(), CancellationToken.None);
        await PartFiles.PublishAsync(_temp.Path, 12, (s, ct) => s.WriteAsync("x"u8.ToArray(), ct).AsTask(), CancellationToken.None);
        File.WriteAllText(Path.Combine(_temp.Path, ".part-00013.abc.tmp"), "");
        File.WriteAllText(Path.Combine(_temp.Path, "notes.parquet"), "");

        Assert.Equal([3, 12], PartFiles.List(_temp.Path).Keys);
        Assert.Single(PartFiles.TempFiles(_temp.Path));
    }
}

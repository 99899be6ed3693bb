using Parquet;
using Parquet.Schema;
using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

/// <summary>
/// Compaction's column buffers keep the values they gather on disk, not in memory, and give them back
/// value for value (nulls, empty strings and row-group splits included). Alone in a collection that does
/// not run in parallel: the test measures the process's live heap.
/// </summary>
[Collection(Name)]
public sealed class ColumnBufferTests : IDisposable
{
    public const string Name = "column buffer memory";

    private const int Rows = 300_000;

    private static readonly DataField<double?> Loss = new("loss", true);
    private static readonly DataField<string> Label = new("label", true);
    private static readonly ParquetSchema Schema = new(Loss, Label);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Appended_values_wait_on_disk_and_come_back_in_row_groups_of_any_size()
    {
        string source = _temp.Sub("source.parquet");
        await WriteSourceAsync(source);
        string folder = _temp.Sub("table");
        Directory.CreateDirectory(folder);

        using var loss = ColumnBuffer.For(Loss, folder, 7);
        using var label = ColumnBuffer.For(Label, folder, 7);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await using (var stream = File.OpenRead(source))
        await using (var reader = await ParquetReader.CreateAsync(stream))
        {
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                await loss.AppendAsync(group, reader.Schema.DataFields[0], (int)group.RowCount, null, CancellationToken.None);
                await label.AppendAsync(group, reader.Schema.DataFields[1], (int)group.RowCount, null, CancellationToken.None);
            }
        }

        long heapHeld = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        // The values take about 16 bytes (double?) plus 40 (a short string) each: 17 MB held in arrays.
        Assert.Equal(Rows, loss.Count);
        Assert.True(heapHeld < 2_000_000, $"the buffers hold {heapHeld:N0} bytes of heap for {Rows:N0} rows");
        Assert.Equal(3, PartFiles.TempFiles(folder).Count());

        string output = _temp.Sub("out.parquet");
        await using (var stream = File.Create(output))
        await using (var writer = await ParquetWriter.CreateAsync(Schema, stream))
        {
            foreach (int size in new[] { 123_456, Rows - 123_456 })
            {
                using var group = writer.CreateRowGroup();
                await loss.WriteAsync(group, Loss, size, CancellationToken.None);
                await label.WriteAsync(group, Label, size, CancellationToken.None);
            }
        }

        Assert.Equal(0, loss.Count);
        await AssertRoundTripAsync(output);
        loss.Dispose();
        label.Dispose();
        Assert.Empty(PartFiles.TempFiles(folder));
    }

    private static double? LossAt(int i) => i % 7 == 0 ? null : i * 0.25;

    private static string? LabelAt(int i) => (i % 5) switch { 0 => null, 1 => "", _ => "label-" + i };

    private static async Task WriteSourceAsync(string path)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        for (int start = 0; start < Rows; start += 10_000)
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(Loss, Enumerable.Range(start, 10_000).Select(LossAt).ToArray());
            await group.WriteAsync(Label, Enumerable.Range(start, 10_000).Select(LabelAt).ToArray());
        }
    }

    private static async Task AssertRoundTripAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        Assert.Equal(2, reader.RowGroupCount);
        int row = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int rows = (int)group.RowCount;
            var losses = new double?[rows];
            var labels = new string?[rows];
            await group.ReadAsync<double>(reader.Schema.DataFields[0], losses);
            await group.ReadAsync(reader.Schema.DataFields[1], labels);
            for (int i = 0; i < rows; i++, row++)
            {
                Assert.Equal(LossAt(row), losses[i]);
                Assert.Equal(LabelAt(row), labels[i]);
            }
        }

        Assert.Equal(Rows, row);
    }
}

[CollectionDefinition(ColumnBufferTests.Name, DisableParallelization = true)]
public sealed class ColumnBufferCollection;

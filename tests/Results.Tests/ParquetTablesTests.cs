using Parquet;
using Parquet.Schema;
using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Results.Tests;

public sealed class ParquetTablesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> WriteTableAsync(string name, int rows, int rowGroups = 1, bool withText = false, bool withNull = false)
    {
        var x = new DataField<double>("x", false);
        var count = new DataField<int>("count", false);
        var flag = new DataField<bool>("flag", false);
        var weight = new DataField<float?>("weight");
        var label = new DataField<long>("target", false);
        var text = new DataField<string>("text", false);
        DataField[] fields = withText ? [x, count, flag, weight, label, text] : [x, count, flag, weight, label];
        string path = _temp.Sub(name);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        int perGroup = rows / rowGroups;
        for (int g = 0; g < rowGroups; g++)
        {
            int first = g * perGroup;
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, Enumerable.Range(first, perGroup).Select(i => i * 0.5).ToArray());
            await group.WriteAsync<int>(count, Enumerable.Range(first, perGroup).Select(i => i * 10).ToArray());
            await group.WriteAsync<bool>(flag, Enumerable.Range(first, perGroup).Select(i => i % 2 == 0).ToArray());
            await group.WriteAsync<float>(weight, Enumerable.Range(first, perGroup).Select(i => withNull && i == 3 ? null : (float?)(i + 0.25f)).ToArray());
            await group.WriteAsync<long>(label, Enumerable.Range(first, perGroup).Select(i => (long)(i % 3)).ToArray());
            if (withText)
            {
                await group.WriteAsync(text, Enumerable.Range(first, perGroup).Select(i => $"row {i}").ToArray());
            }

            group.CompleteValidate();
        }

        return path;
    }

    [Fact]
    public async Task Numeric_columns_become_features_and_the_label_column_labels_across_row_groups()
    {
        string path = await WriteTableAsync("table.parquet", rows: 30, rowGroups: 3);

        var table = ParquetTables.Read(path, "target");

        Assert.Equal(["x", "count", "flag", "weight"], table.FeatureNames);
        Assert.Equal(30, table.Rows);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (double)(i % 3)), table.Labels);
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(new float[] { i * 0.5f, i * 10, i % 2 == 0 ? 1 : 0, i + 0.25f }, table.Features.AsSpan(i * 4, 4).ToArray());
        }
    }

    [Fact]
    public async Task A_missing_label_column_names_the_file_and_the_columns()
    {
        string path = await WriteTableAsync("table.parquet", rows: 10);

        var error = Assert.Throws<DatasetException>(() => ParquetTables.Read(path, "label"));

        Assert.Contains(path, error.Message);
        Assert.Contains("'label' not found", error.Message);
        Assert.Contains("x, count, flag, weight, target", error.Message);
    }

    [Fact]
    public async Task A_text_column_is_refused_by_name()
    {
        string path = await WriteTableAsync("table.parquet", rows: 10, withText: true);

        var error = Assert.Throws<DatasetException>(() => ParquetTables.Read(path, "target"));

        Assert.Contains(path, error.Message);
        Assert.Contains("'text' is text", error.Message);
    }

    [Fact]
    public async Task A_null_is_refused_with_its_column_and_row()
    {
        string path = await WriteTableAsync("table.parquet", rows: 10, withNull: true);

        var error = Assert.Throws<DatasetException>(() => ParquetTables.Read(path, "target"));

        Assert.Contains(path, error.Message);
        Assert.Contains("row 3: column 'weight' is null", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_refused_by_name()
    {
        string path = _temp.Sub("fake.parquet");
        File.WriteAllText(path, "a,b\n1,2\n");

        var error = Assert.Throws<DatasetException>(() => ParquetTables.Read(path, "b"));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task Passed_to_the_engine_the_readers_load_and_split_a_parquet_dataset()
    {
        string path = await WriteTableAsync("train.parquet", rows: 60);
        var config = new TrialConfig { Dataset = "parquet", DatasetPath = path, LabelColumn = "target", Samples = 0, ValFraction = 0.25 };

        Assert.True(DatasetLoader.CanResolve(config, ParquetTables.Readers, out string? reason), reason);
        var dataset = DatasetLoader.Load(config, ParquetTables.Readers);

        Assert.Equal(4, dataset.Features);
        Assert.Equal(3, dataset.Outputs);
        Assert.Equal(60, dataset.TrainCount + dataset.ValCount);
        Assert.Equal(15, dataset.ValCount);
    }
}

using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Engine.Tests.Data;

public sealed class CsvTableReaderTests
{
    [Fact]
    public void WholeNumberLabelsMakeAClassificationTable()
    {
        using var folder = new TempFolder();
        string path = folder.File("table.csv");
        File.WriteAllText(path, "x1,\"class\",x2\n0.5,0,1e2\n-1.25,2,3\n\n7,1,-0.5\n");

        var data = DatasetLoader.Load(new TrialConfig { Dataset = "csv", DatasetPath = path, LabelColumn = "class", Samples = 0, ValFraction = 0 }, TableReaders.None);

        Assert.False(data.IsRegression);
        Assert.Equal(3, data.Outputs);
        Assert.Equal(2, data.Features);
        var rows = Enumerable.Range(0, 3).Select(i => (data.TrainX[2 * i], data.TrainX[2 * i + 1], data.TrainLabels[i])).OrderBy(r => r.Item3).ToArray();
        Assert.Equal([(0.5f, 100f, 0), (7f, -0.5f, 1), (-1.25f, 3f, 2)], rows);
    }

    [Fact]
    public void AFractionalLabelMakesARegressionTable()
    {
        using var folder = new TempFolder();
        string path = folder.File("prices.csv");
        File.WriteAllText(path, "size,label\n1,2\n2,3.5\n3,5\n4,6.5\n");

        var data = DatasetLoader.Load(new TrialConfig { Dataset = "csv", DatasetPath = path, Samples = 0, ValFraction = 0.25 }, TableReaders.None);

        Assert.True(data.IsRegression);
        Assert.Equal(1, data.Outputs);
        Assert.Equal(3, data.TrainTargets.Length);
        Assert.Single(data.ValTargets);
        Assert.Equal(new[] { 2f, 3.5f, 5f, 6.5f }, data.TrainTargets.Concat(data.ValTargets).Order());
    }

    [Theory]
    [InlineData("a,label\n1,0\n2\n", "t.csv:3", "1 fields")]
    [InlineData("a,label\n1,0\nx,1\n", "t.csv:3", "'x' is not a number")]
    [InlineData("a,label\n1,0\nNaN,1\n", "t.csv:3", "column 'a'")]
    [InlineData("a,label\n1,0\n2,-1\n", "t.csv", "out of range")]
    [InlineData("a,b\n1,0\n", "t.csv:1", "label column 'label' not found")]
    [InlineData("a,label\n1,\"0\n", "t.csv:2", "unterminated")]
    [InlineData("", "t.csv", "empty")]
    public void BadTablesFailNamingTheFileAndLine(string content, string where, string problem)
    {
        using var folder = new TempFolder();
        string path = folder.File("t.csv");
        File.WriteAllText(path, content);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(new TrialConfig { Dataset = "csv", DatasetPath = path, Samples = 0 }, TableReaders.None));

        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileDoesNotResolve()
    {
        var config = new TrialConfig { Dataset = "csv", DatasetPath = "/nonexistent/t.csv" };
        Assert.False(DatasetLoader.CanResolve(config, TableReaders.None, out string? reason));
        Assert.Contains("/nonexistent/t.csv", reason, StringComparison.Ordinal);
        Assert.Throws<DatasetException>(() => DatasetLoader.Load(config, TableReaders.None));
    }
}

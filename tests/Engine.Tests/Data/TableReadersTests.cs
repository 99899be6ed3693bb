using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Engine.Tests.Data;

/// <summary>
/// Readers for table formats the engine cannot parse itself, passed with each load. The Parquet reader lives in
/// Sweep.Results; here a reader for a private ".pipes" extension (values separated by '|') stands in.
/// </summary>
public sealed class TableReadersTests
{
    private static readonly TableReaders Pipes = TableReaders.None.With(".pipes", ReadPipes);

    [Fact]
    public void ARegisteredReaderLoadsTablesWithItsExtension()
    {
        using var folder = new TempFolder();
        string path = folder.File("t.pipes");
        File.WriteAllText(path, "a|b|target\n1|2|0\n3|4|1\n5|6|1\n");
        var config = new TrialConfig { Dataset = "parquet", DatasetPath = path, LabelColumn = "target", Samples = 0, ValFraction = 0 };

        Assert.True(DatasetLoader.CanResolve(config, Pipes, out string? reason), reason);
        var data = DatasetLoader.Load(config, Pipes);

        Assert.Equal(2, data.Features);
        Assert.Equal(2, data.Outputs);
        Assert.Equal(new[] { 0, 1, 1 }, data.TrainLabels.Order());
    }

    [Fact]
    public void NaNFeaturesFromAReaderAreRejectedNamingTheFileAndColumn()
    {
        using var folder = new TempFolder();
        string path = folder.File("nan.pipes");
        File.WriteAllText(path, "a|b|target\n1|2|0\n3|NaN|1\n");

        var error = Assert.Throws<DatasetException>(() =>
            DatasetLoader.Load(new TrialConfig { Dataset = "parquet", DatasetPath = path, LabelColumn = "target", Samples = 0 }, Pipes));

        Assert.Contains("nan.pipes", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReaderFailureBecomesADatasetErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("broken.pipes");
        File.WriteAllText(path, "a|target\n1|2|3\n");

        var error = Assert.Throws<DatasetException>(() =>
            DatasetLoader.Load(new TrialConfig { Dataset = "parquet", DatasetPath = path, LabelColumn = "target", Samples = 0 }, Pipes));

        Assert.Contains("broken.pipes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAReaderForItsExtensionATableIsRefusedNamingTheFileAndWhereReadersComeFrom()
    {
        using var folder = new TempFolder();
        string path = folder.File("t.pipes");
        File.WriteAllText(path, "a|target\n1|0\n");
        var config = new TrialConfig { Dataset = "parquet", DatasetPath = path, LabelColumn = "target", Samples = 0 };

        Assert.False(DatasetLoader.CanResolve(config, TableReaders.None, out string? reason));
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(config, TableReaders.None));

        Assert.Equal(reason, error.Message);
        Assert.Contains("t.pipes: this host passed no table reader for .pipes files", error.Message, StringComparison.Ordinal);
        Assert.True(DatasetLoader.CanResolve(config, Pipes, out _));
    }

    private static TableData ReadPipes(string path, string labelColumn)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('|');
        int label = Array.IndexOf(header, labelColumn);
        var rows = lines.Skip(1).Select(line => line.Split('|')).ToArray();
        if (rows.Any(row => row.Length != header.Length))
        {
            throw new FormatException("ragged row");
        }

        var features = rows.SelectMany(row => row.Where((_, c) => c != label).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var labels = rows.Select(row => double.Parse(row[label], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new TableData(header.Where((_, c) => c != label).ToArray(), features, labels, rows.Length);
    }
}

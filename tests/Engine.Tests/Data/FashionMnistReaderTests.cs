using System.Buffers.Binary;
using System.IO.Compression;
using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Engine.Tests.Data;

public sealed class FashionMnistReaderTests
{
    private const int Images = 30;
    private const int Side = 3;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadsGzippedAndRawIdxWithPixelsOver255(bool gzip)
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip);
        var config = Config(folder) with { ValFraction = 0 };

        Assert.True(DatasetLoader.CanResolve(config, TableReaders.None, out string? reason), reason);
        var data = DatasetLoader.Load(config, TableReaders.None);

        Assert.Equal(Side * Side, data.Features);
        Assert.Equal(10, data.Outputs);
        Assert.Equal(Images, data.TrainCount);
        for (int row = 0; row < Images; row++)
        {
            // Image i has pixel f = 8 i + f and label i mod 10: recover i from the first pixel.
            int image = (int)Math.Round(data.TrainX[row * data.Features] * 255) / 8;
            Assert.Equal(image % 10, data.TrainLabels[row]);
            for (int f = 0; f < data.Features; f++)
            {
                Assert.Equal((8 * image + f) / 255f, data.TrainX[row * data.Features + f]);
            }
        }
    }

    [Fact]
    public void SamplesTakesASeededSubsetBeforeTheSplit()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: true);
        var config = Config(folder) with { Samples = 10, ValFraction = 0.2, Seed = 4 };

        var first = DatasetLoader.Load(config, TableReaders.None);
        var again = DatasetLoader.Load(config, TableReaders.None);

        Assert.Equal(8, first.TrainCount);
        Assert.Equal(2, first.ValCount);
        Assert.Equal(first.TrainX, again.TrainX);
        Assert.Equal(first.ValLabels, again.ValLabels);
    }

    [Fact]
    public void AMissingFolderDoesNotResolveAndFailsNamingIt()
    {
        var config = new TrialConfig { Dataset = "fashion-mnist", DatasetPath = "/nonexistent/fashion" };

        Assert.False(DatasetLoader.CanResolve(config, TableReaders.None, out string? reason));
        Assert.Contains("/nonexistent/fashion", reason, StringComparison.Ordinal);
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(config, TableReaders.None));
        Assert.Contains("/nonexistent/fashion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingLabelsFileIsNamed()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: false);
        File.Delete(folder.File("train-labels-idx1-ubyte"));

        Assert.False(DatasetLoader.CanResolve(Config(folder), TableReaders.None, out string? reason));
        Assert.Contains("train-labels-idx1-ubyte", reason, StringComparison.Ordinal);
        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Config(folder), TableReaders.None));
        Assert.Contains("train-labels-idx1-ubyte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongMagicNumberIsReported()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: false);
        File.WriteAllBytes(folder.File("train-images-idx3-ubyte"), [0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Config(folder), TableReaders.None));
        Assert.Contains("train-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALabelOutOfRangeIsReported()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: false, badLabel: 12);

        var error = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Config(folder), TableReaders.None));
        Assert.Contains("label 12", error.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedCountsAndTruncatedDataAreReported()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: false);
        File.WriteAllBytes(folder.File("train-labels-idx1-ubyte"), Idx([Images - 1], new byte[Images - 1]));
        var mismatch = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Config(folder), TableReaders.None));
        Assert.Contains("29 labels", mismatch.Message, StringComparison.Ordinal);

        File.WriteAllBytes(folder.File("train-images-idx3-ubyte"), Idx([Images, Side, Side], new byte[10]));
        var truncated = Assert.Throws<DatasetException>(() => DatasetLoader.Load(Config(folder), TableReaders.None));
        Assert.Contains("train-images-idx3-ubyte", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARewrittenFileIsReadAgain()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: false);
        var config = Config(folder) with { ValFraction = 0 };
        float before = DatasetLoader.Load(config, TableReaders.None).TrainX.Max();

        var pixels = Enumerable.Repeat((byte)255, Images * Side * Side).ToArray();
        File.WriteAllBytes(folder.File("train-images-idx3-ubyte"), Idx([Images, Side, Side], pixels));
        File.SetLastWriteTimeUtc(folder.File("train-images-idx3-ubyte"), DateTime.UtcNow.AddMinutes(5));
        var after = DatasetLoader.Load(config, TableReaders.None);

        Assert.NotEqual(1f, before);
        Assert.All(after.TrainX, value => Assert.Equal(1f, value));
    }

    [Fact]
    public void ConcurrentLoadsOfOneFileAgree()
    {
        using var folder = new TempFolder();
        WriteSet(folder, gzip: true);
        var config = Config(folder);

        var results = new Dataset[8];
        Parallel.For(0, results.Length, i => results[i] = DatasetLoader.Load(config, TableReaders.None));

        Assert.All(results, data => Assert.Equal(results[0].TrainX, data.TrainX));
    }

    private static TrialConfig Config(TempFolder folder) =>
        new() { Dataset = "fashion-mnist", DatasetPath = folder.Path, Samples = 0, Seed = 1 };

    private static void WriteSet(TempFolder folder, bool gzip, int? badLabel = null)
    {
        var pixels = new byte[Images * Side * Side];
        for (int i = 0; i < Images; i++)
        {
            for (int f = 0; f < Side * Side; f++)
            {
                pixels[i * Side * Side + f] = (byte)(8 * i + f);
            }
        }

        var labels = Enumerable.Range(0, Images).Select(i => (byte)(i % 10)).ToArray();
        if (badLabel is { } bad)
        {
            labels[Images / 2] = (byte)bad;
        }

        Write(folder.File("train-images-idx3-ubyte"), Idx([Images, Side, Side], pixels), gzip);
        Write(folder.File("train-labels-idx1-ubyte"), Idx([Images], labels), gzip);
    }

    private static void Write(string path, byte[] content, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, content);
            return;
        }

        using var file = File.Create(path + ".gz");
        using var stream = new GZipStream(file, CompressionLevel.Fastest);
        stream.Write(content);
    }

    private static byte[] Idx(int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dimensions.Length;
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }
}

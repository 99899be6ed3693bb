using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Engine.Tests.Data;

public sealed class SyntheticDatasetsTests
{
    public static TheoryData<string> SyntheticNames() =>
        new(Catalog.Datasets.Where(name => !Catalog.FileDatasets.Contains(name)));

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void SameSeedGivesTheSameDataAndAnotherSeedDifferentData(string name)
    {
        var config = new TrialConfig { Dataset = name, Samples = 200, Features = 5, Classes = 4, Seed = 11 };
        var first = DatasetLoader.Load(config, TableReaders.None);
        var again = DatasetLoader.Load(config, TableReaders.None);
        var other = DatasetLoader.Load(config with { Seed = 12 }, TableReaders.None);

        Assert.Equal(first.TrainX, again.TrainX);
        Assert.Equal(first.ValX, again.ValX);
        Assert.Equal(first.TrainLabels, again.TrainLabels);
        Assert.Equal(first.TrainTargets, again.TrainTargets);
        Assert.NotEqual(first.TrainX, other.TrainX);
    }

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void ShapesAndLabelsMatchTheConfig(string name)
    {
        var config = new TrialConfig { Dataset = name, Samples = 250, Features = 6, Classes = 5, ValFraction = 0.2, Seed = 3 };
        var data = DatasetLoader.Load(config, TableReaders.None);

        Assert.Equal(name, data.Name);
        Assert.Equal(200, data.TrainCount);
        Assert.Equal(50, data.ValCount);
        Assert.Equal(name is "blobs" or "teacher-classification" or "teacher-regression" ? 6 : 2, data.Features);
        Assert.Equal(config.IsRegression, data.IsRegression);
        Assert.All(data.TrainX.Concat(data.ValX), value => Assert.True(float.IsFinite(value)));
        if (data.IsRegression)
        {
            Assert.Equal(1, data.Outputs);
            Assert.Equal(200, data.TrainTargets.Length);
            Assert.Equal(50, data.ValTargets.Length);
            Assert.Empty(data.TrainLabels);
        }
        else
        {
            int expectedClasses = name is "spirals" or "blobs" or "teacher-classification" ? 5 : 2;
            Assert.Equal(expectedClasses, data.Outputs);
            Assert.Equal(200, data.TrainLabels.Length);
            Assert.All(data.TrainLabels.Concat(data.ValLabels), label => Assert.InRange(label, 0, expectedClasses - 1));
            Assert.Empty(data.TrainTargets);
        }
    }

    [Theory]
    [InlineData("spirals", 3)]
    [InlineData("moons", 2)]
    [InlineData("circles", 2)]
    [InlineData("xor", 2)]
    [InlineData("blobs", 4)]
    public void ClassesAreBalanced(string name, int classes)
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = name, Samples = 120 * classes, Classes = classes, Seed = 5 }, TableReaders.None);
        var counts = data.TrainLabels.Concat(data.ValLabels).GroupBy(label => label).Select(group => group.Count()).ToArray();

        Assert.Equal(classes, counts.Length);
        Assert.All(counts, count => Assert.Equal(120, count));
    }

    [Fact]
    public void SpiralNoiseMovesTheAngleOnly()
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = "spirals", Samples = 500, Noise = 0.5, Seed = 1 }, TableReaders.None);
        for (int i = 0; i < data.TrainCount; i++)
        {
            double radius = Math.Sqrt(data.TrainX[2 * i] * data.TrainX[2 * i] + data.TrainX[2 * i + 1] * data.TrainX[2 * i + 1]);
            Assert.InRange(radius, 0.049, 1.0);
        }
    }

    [Fact]
    public void XorLabelsFollowTheSignsWithoutNoise()
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = "xor", Samples = 400, Noise = 0, Seed = 9 }, TableReaders.None);
        for (int i = 0; i < data.TrainCount; i++)
        {
            bool sameSign = data.TrainX[2 * i] * data.TrainX[2 * i + 1] > 0;
            Assert.Equal(sameSign ? 0 : 1, data.TrainLabels[i]);
        }
    }

    [Fact]
    public void TeacherClassificationUsesSeveralClasses()
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = "teacher-classification", Samples = 1000, Features = 8, Classes = 3, Noise = 0, Seed = 2 }, TableReaders.None);
        Assert.True(data.TrainLabels.Distinct().Count() >= 2, "a random teacher should not label everything alike");
    }

    [Fact]
    public void IllScalingMultipliesFeaturesFromAThousandthToAThousand()
    {
        var config = new TrialConfig { Dataset = "blobs", Samples = 100, Features = 4, Seed = 8 };
        var plain = DatasetLoader.Load(config, TableReaders.None);
        var ill = DatasetLoader.Load(config with { IllScaled = true }, TableReaders.None);

        double[] expectedScales = [1e-3, 1e-1, 1e1, 1e3];
        for (int i = 0; i < plain.TrainX.Length; i++)
        {
            Assert.Equal(plain.TrainX[i] * (float)expectedScales[i % 4], ill.TrainX[i], 1e-6f * Math.Abs(ill.TrainX[i]) + 1e-12f);
        }

        Assert.Equal(plain.TrainLabels, ill.TrainLabels);
    }

    [Fact]
    public void ValidationFractionZeroKeepsEveryExampleForTraining()
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = "moons", Samples = 37, ValFraction = 0, Seed = 4 }, TableReaders.None);
        Assert.Equal(37, data.TrainCount);
        Assert.Equal(0, data.ValCount);
    }

    [Fact]
    public void UnknownDatasetIsAnArgumentError()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetLoader.Load(new TrialConfig { Dataset = "mnist-ish" }, TableReaders.None));
        Assert.Contains("mnist-ish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntheticDatasetsAlwaysResolve()
    {
        Assert.True(DatasetLoader.CanResolve(new TrialConfig { Dataset = "circles" }, TableReaders.None, out string? reason));
        Assert.Null(reason);
    }
}

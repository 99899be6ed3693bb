using Sweep.Engine.Config;
using Sweep.Engine.Data;

namespace Sweep.Engine.Tests.Data;

public sealed class FeatureScalerTests
{
    [Fact]
    public void StandardizeGivesTheTrainingSplitZeroMeanAndUnitDeviation()
    {
        var data = DatasetLoader.Load(new TrialConfig { Dataset = "blobs", Samples = 400, Features = 3, IllScaled = true, FeatureScaling = "standardize", Seed = 6 }, TableReaders.None);
        for (int f = 0; f < 3; f++)
        {
            var column = Column(data.TrainX, 3, f);
            double mean = column.Average();
            double std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(0, mean, 1e-4);
            Assert.Equal(1, std, 1e-3);
        }
    }

    [Fact]
    public void MinMaxMapsTheTrainingRangeToZeroOneAndReusesItForValidation()
    {
        var config = new TrialConfig { Dataset = "blobs", Samples = 300, Features = 2, Seed = 7 };
        var raw = DatasetLoader.Load(config, TableReaders.None);
        var scaled = DatasetLoader.Load(config with { FeatureScaling = "minmax" }, TableReaders.None);
        for (int f = 0; f < 2; f++)
        {
            var train = Column(raw.TrainX, 2, f);
            double min = train.Min();
            double max = train.Max();
            Assert.Equal(0, Column(scaled.TrainX, 2, f).Min(), 1e-6);
            Assert.Equal(1, Column(scaled.TrainX, 2, f).Max(), 1e-6);

            // Validation uses the training statistics, not its own.
            var rawVal = Column(raw.ValX, 2, f);
            var scaledVal = Column(scaled.ValX, 2, f);
            for (int i = 0; i < rawVal.Length; i++)
            {
                Assert.Equal((rawVal[i] - min) / (max - min), scaledVal[i], 1e-5);
            }
        }
    }

    [Fact]
    public void AConstantFeatureIsShiftedButNotDividedByZero()
    {
        var train = new float[] { 5, 1, 5, 2, 5, 3 };
        var validation = new float[] { 5, 4 };
        FeatureScaler.FitAndApply("standardize", train, validation, 2);

        Assert.Equal([0f, 0f, 0f], Column(train, 2, 0).Select(v => (float)v));
        Assert.All(train.Concat(validation), v => Assert.True(float.IsFinite(v)));
    }

    private static double[] Column(float[] x, int features, int feature) =>
        Enumerable.Range(0, x.Length / features).Select(i => (double)x[i * features + feature]).ToArray();
}

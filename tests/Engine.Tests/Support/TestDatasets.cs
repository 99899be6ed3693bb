using Sweep.Engine.Data;
using Sweep.Engine.Random;

namespace Sweep.Engine.Tests.Support;

/// <summary>Small datasets built in memory, so trainer tests depend on nothing but the engine.</summary>
internal static class TestDatasets
{
    /// <summary>Gaussian blobs: class k centred at 2·(cos, sin)(2πk/classes), unit-ish spread.</summary>
    public static Dataset Blobs(int train = 96, int validation = 32, int classes = 3, int features = 2, long seed = 7)
    {
        var random = new SeededRandom(seed);
        (float[] x, int[] labels) Make(int rows)
        {
            var x = new float[rows * features];
            var labels = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                int label = random.NextInt(classes);
                labels[r] = label;
                for (int f = 0; f < features; f++)
                {
                    double centre = 2 * (f % 2 == 0 ? Math.Cos(2 * Math.PI * label / classes) : Math.Sin(2 * Math.PI * label / classes));
                    x[r * features + f] = (float)(centre + 0.5 * random.NextGaussian());
                }
            }

            return (x, labels);
        }

        var (trainX, trainLabels) = Make(train);
        var (valX, valLabels) = Make(validation);
        return new Dataset
        {
            Name = "test-blobs", Features = features, Outputs = classes, IsRegression = false,
            TrainX = trainX, TrainLabels = trainLabels, TrainTargets = [],
            ValX = valX, ValLabels = valLabels, ValTargets = [],
        };
    }

    /// <summary>Regression: two targets, linear in three features plus a little noise.</summary>
    public static Dataset Linear(int train = 64, int validation = 16, long seed = 8)
    {
        const int features = 3, outputs = 2;
        var random = new SeededRandom(seed);
        (float[] x, float[] y) Make(int rows)
        {
            var x = new float[rows * features];
            var y = new float[rows * outputs];
            for (int r = 0; r < rows; r++)
            {
                for (int f = 0; f < features; f++)
                {
                    x[r * features + f] = (float)random.NextGaussian();
                }

                y[r * outputs] = x[r * features] - 0.5f * x[r * features + 2] + (float)(0.05 * random.NextGaussian());
                y[r * outputs + 1] = 0.3f * x[r * features + 1];
            }

            return (x, y);
        }

        var (trainX, trainY) = Make(train);
        var (valX, valY) = Make(validation);
        return new Dataset
        {
            Name = "test-linear", Features = features, Outputs = outputs, IsRegression = true,
            TrainX = trainX, TrainLabels = [], TrainTargets = trainY,
            ValX = valX, ValLabels = [], ValTargets = valY,
        };
    }
}

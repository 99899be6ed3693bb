using Sweep.Engine.Config;
using Sweep.Engine.Random;

namespace Sweep.Engine.Data;

/// <summary>
/// The generated datasets: `samples` examples, deterministic from the trial seed (stream "data";
/// teacher networks draw from "teacher"). Classes are balanced by construction (example i has
/// class i mod classes); the split shuffles afterwards.
/// </summary>
internal static class SyntheticDatasets
{
    /// <summary>Hidden units of the random teacher network that labels the teacher datasets.</summary>
    private const int TeacherHidden = 32;

    public static LabeledData Generate(TrialConfig config)
    {
        var rng = SeededRandom.ForPurpose(config.Seed, "data");
        int n = config.Samples;
        return config.Dataset switch
        {
            "spirals" => Spirals(rng, n, config.Classes, config.Noise),
            "moons" => Moons(rng, n, config.Noise),
            "circles" => Circles(rng, n, config.Noise),
            "xor" => Xor(rng, n, config.Noise),
            "blobs" => Blobs(rng, n, config.Classes, config.Features, config.Noise),
            "teacher-classification" => TeacherClassification(config, rng, n),
            "teacher-regression" => TeacherRegression(config, rng, n),
            _ => throw new ArgumentException($"dataset: '{config.Dataset}' is not a synthetic dataset", nameof(config)),
        };
    }

    /// <summary>`classes` arms in the plane: radius r in [0.05, 1), angle arm·2π/classes + 4r + noise·N(0,1).</summary>
    internal static LabeledData Spirals(SeededRandom rng, int n, int classes, double noise)
    {
        var x = new float[checked(n * 2)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int arm = i % classes;
            double r = rng.NextDouble(0.05, 1.0);
            double angle = arm * 2 * Math.PI / classes + 4 * r + noise * rng.NextGaussian();
            x[2 * i] = (float)(r * Math.Sin(angle));
            x[2 * i + 1] = (float)(r * Math.Cos(angle));
            y[i] = arm;
        }

        return LabeledData.Classification(x, 2, y, classes);
    }

    /// <summary>Two interleaved half circles (as scikit-learn's make_moons), plus noise·N(0,1) on each coordinate.</summary>
    internal static LabeledData Moons(SeededRandom rng, int n, double noise)
    {
        var x = new float[checked(n * 2)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % 2;
            double t = rng.NextDouble(0, Math.PI);
            double px = label == 0 ? Math.Cos(t) : 1 - Math.Cos(t);
            double py = label == 0 ? Math.Sin(t) : 0.5 - Math.Sin(t);
            x[2 * i] = (float)(px + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(py + noise * rng.NextGaussian());
            y[i] = label;
        }

        return LabeledData.Classification(x, 2, y, 2);
    }

    /// <summary>Two concentric circles, radius 1 (class 0) and 0.5 (class 1), plus noise·N(0,1) on each coordinate.</summary>
    internal static LabeledData Circles(SeededRandom rng, int n, double noise)
    {
        var x = new float[checked(n * 2)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % 2;
            double radius = label == 0 ? 1.0 : 0.5;
            double t = rng.NextDouble(0, 2 * Math.PI);
            x[2 * i] = (float)(radius * Math.Cos(t) + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(radius * Math.Sin(t) + noise * rng.NextGaussian());
            y[i] = label;
        }

        return LabeledData.Classification(x, 2, y, 2);
    }

    /// <summary>Points uniform in [-1, 1)², class 1 where the coordinates' signs differ; noise·N(0,1) added after labelling.</summary>
    internal static LabeledData Xor(SeededRandom rng, int n, double noise)
    {
        var x = new float[checked(n * 2)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % 2;
            double a = rng.NextDouble(0.0, 1.0);
            double b = rng.NextDouble(0.0, 1.0);
            // Quadrant chosen so the classes stay balanced: class 0 in (+,+)/(-,-), class 1 in (+,-)/(-,+).
            bool flip = rng.NextInt(2) == 1;
            double px = flip ? -a : a;
            double py = (label == 0) == flip ? -b : b;
            x[2 * i] = (float)(px + noise * rng.NextGaussian());
            x[2 * i + 1] = (float)(py + noise * rng.NextGaussian());
            y[i] = label;
        }

        return LabeledData.Classification(x, 2, y, 2);
    }

    /// <summary>`classes` Gaussian blobs in `features` dimensions: centres uniform in [-1, 1)^features, spread noise.</summary>
    internal static LabeledData Blobs(SeededRandom rng, int n, int classes, int features, double noise)
    {
        var centres = new double[checked(classes * features)];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = rng.NextDouble(-1.0, 1.0);
        }

        var x = new float[checked(n * features)];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % classes;
            for (int f = 0; f < features; f++)
            {
                x[i * features + f] = (float)(centres[label * features + f] + noise * rng.NextGaussian());
            }

            y[i] = label;
        }

        return LabeledData.Classification(x, features, y, classes);
    }

    /// <summary>Inputs N(0,1)^features labelled by the argmax of a random teacher's `classes` outputs plus noise·N(0,1).</summary>
    internal static LabeledData TeacherClassification(TrialConfig config, SeededRandom rng, int n)
    {
        var teacher = new TeacherNetwork(SeededRandom.ForPurpose(config.Seed, "teacher"), config.Features, TeacherHidden, config.Classes);
        var x = GaussianInputs(rng, n, config.Features);
        var y = new int[n];
        var logits = new double[config.Classes];
        for (int i = 0; i < n; i++)
        {
            teacher.Forward(x.AsSpan(i * config.Features, config.Features), logits);
            int best = 0;
            for (int c = 0; c < logits.Length; c++)
            {
                logits[c] += config.Noise * rng.NextGaussian();
                if (logits[c] > logits[best])
                {
                    best = c;
                }
            }

            y[i] = best;
        }

        return LabeledData.Classification(x, config.Features, y, config.Classes);
    }

    /// <summary>Inputs N(0,1)^features; one target: a random teacher's output plus noise·N(0,1).</summary>
    internal static LabeledData TeacherRegression(TrialConfig config, SeededRandom rng, int n)
    {
        var teacher = new TeacherNetwork(SeededRandom.ForPurpose(config.Seed, "teacher"), config.Features, TeacherHidden, 1);
        var x = GaussianInputs(rng, n, config.Features);
        var targets = new float[n];
        var output = new double[1];
        for (int i = 0; i < n; i++)
        {
            teacher.Forward(x.AsSpan(i * config.Features, config.Features), output);
            targets[i] = (float)(output[0] + config.Noise * rng.NextGaussian());
        }

        return LabeledData.Regression(x, config.Features, targets, 1);
    }

    private static float[] GaussianInputs(SeededRandom rng, int n, int features)
    {
        var x = new float[checked(n * features)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)rng.NextGaussian();
        }

        return x;
    }
}

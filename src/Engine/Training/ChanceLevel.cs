using Sweep.Engine.Data;

namespace Sweep.Engine.Training;

/// <summary>
/// The loss of the best constant predictor on the training split, in the units of the trial's loss: the reference a
/// trained model must get clearly below to have learned anything from the features.
/// </summary>
public static class ChanceLevel
{
    /// <summary>
    /// Classification: the entropy (nats) of the class frequencies, the cross-entropy of always predicting them (ln k for
    /// k balanced classes). Regression: the mean over outputs of each target's population variance, the MSE of always
    /// predicting the target means (PyTorch's mse_loss averages over every element).
    /// </summary>
    public static double Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsRegression ? MeanVariance(data.TrainTargets, data.Outputs) : Entropy(data.TrainLabels, data.Outputs);
    }

    /// <param name="labels">Class indices in [0, classes).</param>
    public static double Entropy(ReadOnlySpan<int> labels, int classes)
    {
        if (labels.IsEmpty)
        {
            return double.NaN;
        }

        var counts = new long[classes];
        foreach (int label in labels)
        {
            counts[label]++;
        }

        double entropy = 0;
        foreach (long count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / labels.Length;
                entropy -= p * Math.Log(p);
            }
        }

        return entropy;
    }

    /// <param name="targets">[rows, outputs] row-major.</param>
    public static double MeanVariance(ReadOnlySpan<float> targets, int outputs)
    {
        int rows = targets.Length / outputs;
        if (rows == 0)
        {
            return double.NaN;
        }

        double total = 0;
        for (int o = 0; o < outputs; o++)
        {
            double mean = 0;
            for (int r = 0; r < rows; r++)
            {
                mean += targets[r * outputs + o];
            }

            mean /= rows;
            double squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = targets[r * outputs + o] - mean;
                squares += d * d;
            }

            total += squares / rows;
        }

        return total / outputs;
    }
}

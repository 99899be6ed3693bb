namespace Sweep.Engine.Layers;

/// <summary>Mean squared error over every element (PyTorch's F.mse_loss, reduction 'mean').</summary>
internal static class MeanSquaredError
{
    // prediction, target [batch, outputs] -> Σ over every element of (prediction - target)²
    public static double LossSum(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        double total = 0;
        for (int i = 0; i < prediction.Length; i++)
        {
            double d = prediction[i] - (double)target[i];
            total += d * d;
        }

        return total;
    }

    // prediction, target [batch, outputs] -> dPrediction [batch, outputs] = 2 (prediction - target) / elements
    public static void Backward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> dPrediction)
    {
        double scale = 2.0 / prediction.Length;
        for (int i = 0; i < prediction.Length; i++)
        {
            dPrediction[i] = (float)((prediction[i] - (double)target[i]) * scale);
        }
    }
}

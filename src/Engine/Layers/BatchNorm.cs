using System.Numerics.Tensors;

namespace Sweep.Engine.Layers;

/// <summary>
/// Batch normalization over the batch axis, PyTorch's BatchNorm1d: training normalises with the
/// biased batch variance; running statistics move by <see cref="Momentum"/> towards the batch mean
/// and the unbiased batch variance; evaluation normalises with the running statistics.
/// Sums over the batch run in row order (fixed), vectorised across features.
/// </summary>
internal static class BatchNorm
{
    public const float Epsilon = 1e-5f;
    public const float Momentum = 0.1f;

    // x [batch, features], gain and shift [features]
    //   -> mean, variance (biased), invStd [features]; xHat and y [batch, features]
    public static void ForwardTraining(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift, int batch, int features,
        Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> xHat, Span<float> y)
    {
        float invBatch = 1f / batch;
        mean.Clear();
        for (int row = 0; row < batch; row++)
        {
            TensorPrimitives.Add(mean, x.Slice(row * features, features), mean);
        }

        TensorPrimitives.Multiply(mean, invBatch, mean);
        variance.Clear();
        for (int row = 0; row < batch; row++)
        {
            var centred = xHat.Slice(row * features, features);
            TensorPrimitives.Subtract(x.Slice(row * features, features), mean, centred);
            TensorPrimitives.MultiplyAdd(centred, centred, variance, variance);
        }

        TensorPrimitives.Multiply(variance, invBatch, variance);
        for (int j = 0; j < features; j++)
        {
            invStd[j] = 1f / MathF.Sqrt(variance[j] + Epsilon);
        }

        for (int row = 0; row < batch; row++)
        {
            var xHatRow = xHat.Slice(row * features, features);
            TensorPrimitives.Multiply(xHatRow, invStd, xHatRow);
            TensorPrimitives.MultiplyAdd(xHatRow, gain, shift, y.Slice(row * features, features));
        }
    }

    // mean, variance (biased) [features] of a batch of `batch` rows -> runningMean, runningVariance [features]
    public static void UpdateRunningStatistics(
        ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, int batch,
        Span<float> runningMean, Span<float> runningVariance)
    {
        float unbias = batch > 1 ? (float)batch / (batch - 1) : 1f;
        for (int j = 0; j < mean.Length; j++)
        {
            runningMean[j] = (1f - Momentum) * runningMean[j] + Momentum * mean[j];
            runningVariance[j] = (1f - Momentum) * runningVariance[j] + Momentum * variance[j] * unbias;
        }
    }

    // x [batch, features]; gain, shift, runningMean, runningVariance [features] -> y [batch, features]
    public static void ForwardEvaluation(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, int batch, int features,
        Span<float> scale, Span<float> offset, Span<float> y)
    {
        // y = x·scale + offset with scale = gain/√(var+ε), offset = shift - mean·scale ([features] scratch each)
        for (int j = 0; j < features; j++)
        {
            scale[j] = gain[j] / MathF.Sqrt(runningVariance[j] + Epsilon);
            offset[j] = shift[j] - runningMean[j] * scale[j];
        }

        for (int row = 0; row < batch; row++)
        {
            TensorPrimitives.MultiplyAdd(x.Slice(row * features, features), scale, offset, y.Slice(row * features, features));
        }
    }

    // xHat, dy [batch, features]; gain, invStd [features]
    //   -> dx [batch, features] (overwritten); dGain, dShift [features] (added into);
    //   scratch: 3 × [features]
    public static void Backward(
        ReadOnlySpan<float> xHat, ReadOnlySpan<float> gain, ReadOnlySpan<float> invStd, ReadOnlySpan<float> dy,
        int batch, int features, Span<float> dx, Span<float> dGain, Span<float> dShift, Span<float> scratch)
    {
        var sumDy = scratch.Slice(0, features);
        var sumDyXHat = scratch.Slice(features, features);
        var dyScale = scratch.Slice(2 * features, features);
        sumDy.Clear();
        sumDyXHat.Clear();
        for (int row = 0; row < batch; row++)
        {
            var dyRow = dy.Slice(row * features, features);
            TensorPrimitives.Add(sumDy, dyRow, sumDy);
            TensorPrimitives.MultiplyAdd(dyRow, xHat.Slice(row * features, features), sumDyXHat, sumDyXHat);
        }

        TensorPrimitives.Add(dShift, sumDy, dShift);
        TensorPrimitives.Add(dGain, sumDyXHat, dGain);

        // dx = gain·invStd/B · (B·dy - Σdy - xHat·Σ(dy·xHat)) = dyScale·dy + sumDy' + xHat·sumDyXHat'
        float invBatch = 1f / batch;
        for (int j = 0; j < features; j++)
        {
            float s = gain[j] * invStd[j];
            dyScale[j] = s;
            sumDy[j] = -s * sumDy[j] * invBatch;
            sumDyXHat[j] = -s * sumDyXHat[j] * invBatch;
        }

        for (int row = 0; row < batch; row++)
        {
            var dxRow = dx.Slice(row * features, features);
            TensorPrimitives.MultiplyAdd(dy.Slice(row * features, features), dyScale, sumDy, dxRow);
            TensorPrimitives.MultiplyAdd(xHat.Slice(row * features, features), sumDyXHat, dxRow, dxRow);
        }
    }

    /// <summary>Scalar definition, per feature in double, straight from the formulas.</summary>
    internal static class Reference
    {
        public static void ForwardTraining(
            ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift, int batch, int features, Span<float> y)
        {
            for (int j = 0; j < features; j++)
            {
                double mean = 0;
                for (int r = 0; r < batch; r++)
                {
                    mean += x[r * features + j];
                }

                mean /= batch;
                double variance = 0;
                for (int r = 0; r < batch; r++)
                {
                    double d = x[r * features + j] - mean;
                    variance += d * d;
                }

                variance /= batch;
                double invStd = 1.0 / Math.Sqrt(variance + Epsilon);
                for (int r = 0; r < batch; r++)
                {
                    y[r * features + j] = (float)((x[r * features + j] - mean) * invStd * gain[j] + shift[j]);
                }
            }
        }

        public static void Backward(
            ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, int batch, int features,
            Span<float> dx, Span<float> dGain, Span<float> dShift)
        {
            for (int j = 0; j < features; j++)
            {
                double mean = 0, variance = 0;
                for (int r = 0; r < batch; r++)
                {
                    mean += x[r * features + j];
                }

                mean /= batch;
                for (int r = 0; r < batch; r++)
                {
                    double d = x[r * features + j] - mean;
                    variance += d * d;
                }

                double invStd = 1.0 / Math.Sqrt(variance / batch + Epsilon);
                double sumDy = 0, sumDyXHat = 0;
                for (int r = 0; r < batch; r++)
                {
                    double xHat = (x[r * features + j] - mean) * invStd;
                    sumDy += dy[r * features + j];
                    sumDyXHat += dy[r * features + j] * xHat;
                }

                dShift[j] += (float)sumDy;
                dGain[j] += (float)sumDyXHat;
                for (int r = 0; r < batch; r++)
                {
                    double xHat = (x[r * features + j] - mean) * invStd;
                    dx[r * features + j] = (float)(gain[j] * invStd / batch * (batch * dy[r * features + j] - sumDy - xHat * sumDyXHat));
                }
            }
        }
    }
}

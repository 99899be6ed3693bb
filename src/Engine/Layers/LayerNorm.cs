using System.Numerics.Tensors;

namespace Sweep.Engine.Layers;

/// <summary>Layer normalization over the feature axis of each row (PyTorch's LayerNorm), with gain and shift.</summary>
internal static class LayerNorm
{
    public const float Epsilon = 1e-5f;

    // x [batch, features], gain and shift [features] -> invStd [batch]; xHat and y [batch, features]
    public static void Forward(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift, int batch, int features,
        Span<float> invStd, Span<float> xHat, Span<float> y)
    {
        float invFeatures = 1f / features;
        for (int row = 0; row < batch; row++)
        {
            var xRow = x.Slice(row * features, features);
            var xHatRow = xHat.Slice(row * features, features);
            float mean = TensorPrimitives.Sum(xRow) * invFeatures;
            TensorPrimitives.Subtract(xRow, mean, xHatRow);
            float variance = TensorPrimitives.SumOfSquares(xHatRow) * invFeatures;
            float rowInvStd = 1f / MathF.Sqrt(variance + Epsilon);
            invStd[row] = rowInvStd;
            TensorPrimitives.Multiply(xHatRow, rowInvStd, xHatRow);
            TensorPrimitives.MultiplyAdd(xHatRow, gain, shift, y.Slice(row * features, features));
        }
    }

    // xHat, dy [batch, features]; gain [features]; invStd [batch]
    //   -> dx [batch, features] (overwritten); dGain, dShift [features] (added into); scratch [features]
    public static void Backward(
        ReadOnlySpan<float> xHat, ReadOnlySpan<float> gain, ReadOnlySpan<float> invStd, ReadOnlySpan<float> dy,
        int batch, int features, Span<float> dx, Span<float> dGain, Span<float> dShift, Span<float> scratch)
    {
        float invFeatures = 1f / features;
        var dXHat = scratch.Slice(0, features);
        for (int row = 0; row < batch; row++)
        {
            var dyRow = dy.Slice(row * features, features);
            var xHatRow = xHat.Slice(row * features, features);
            var dxRow = dx.Slice(row * features, features);
            TensorPrimitives.MultiplyAdd(dyRow, xHatRow, dGain, dGain);
            TensorPrimitives.Add(dShift, dyRow, dShift);

            // dx = invStd · (dXHat - mean(dXHat) - xHat · mean(dXHat · xHat)), dXHat = dy · gain
            TensorPrimitives.Multiply(dyRow, gain, dXHat);
            float meanDXHat = TensorPrimitives.Sum(dXHat) * invFeatures;
            float meanDXHatXHat = TensorPrimitives.Dot(dXHat, xHatRow) * invFeatures;
            TensorPrimitives.MultiplyAdd(xHatRow, -meanDXHatXHat, dXHat, dxRow);
            TensorPrimitives.Add(dxRow, -meanDXHat, dxRow);
            TensorPrimitives.Multiply(dxRow, invStd[row], dxRow);
        }
    }

    /// <summary>Scalar definition, per row in double, straight from the formulas.</summary>
    internal static class Reference
    {
        public static void Forward(
            ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift, int batch, int features, Span<float> y)
        {
            for (int r = 0; r < batch; r++)
            {
                (double mean, double invStd) = Moments(x.Slice(r * features, features));
                for (int j = 0; j < features; j++)
                {
                    y[r * features + j] = (float)((x[r * features + j] - mean) * invStd * gain[j] + shift[j]);
                }
            }
        }

        public static void Backward(
            ReadOnlySpan<float> x, ReadOnlySpan<float> gain, ReadOnlySpan<float> dy, int batch, int features,
            Span<float> dx, Span<float> dGain, Span<float> dShift)
        {
            for (int r = 0; r < batch; r++)
            {
                (double mean, double invStd) = Moments(x.Slice(r * features, features));
                double meanDXHat = 0, meanDXHatXHat = 0;
                for (int j = 0; j < features; j++)
                {
                    double xHat = (x[r * features + j] - mean) * invStd;
                    double dXHat = dy[r * features + j] * gain[j];
                    meanDXHat += dXHat / features;
                    meanDXHatXHat += dXHat * xHat / features;
                    dGain[j] += (float)(dy[r * features + j] * xHat);
                    dShift[j] += dy[r * features + j];
                }

                for (int j = 0; j < features; j++)
                {
                    double xHat = (x[r * features + j] - mean) * invStd;
                    double dXHat = dy[r * features + j] * gain[j];
                    dx[r * features + j] = (float)(invStd * (dXHat - meanDXHat - xHat * meanDXHatXHat));
                }
            }
        }

        private static (double Mean, double InvStd) Moments(ReadOnlySpan<float> row)
        {
            double mean = 0, variance = 0;
            foreach (float v in row)
            {
                mean += v;
            }

            mean /= row.Length;
            foreach (float v in row)
            {
                variance += (v - mean) * (v - mean);
            }

            return (mean, 1.0 / Math.Sqrt(variance / row.Length + Epsilon));
        }
    }
}

namespace Sweep.Engine.Layers;

/// <summary>
/// Softmax cross-entropy over class indices, mean over the batch (PyTorch's F.cross_entropy).
/// Per-row sums run in double with the row maximum subtracted, so large logits do not overflow.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    // logits [batch, classes], labels [batch] -> Σ over rows of -log softmax(logits)[label]
    public static double LossSum(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int batch, int classes)
    {
        double total = 0;
        for (int row = 0; row < batch; row++)
        {
            var rowLogits = logits.Slice(row * classes, classes);
            total += LogSumExp(rowLogits) - rowLogits[labels[row]];
        }

        return total;
    }

    // logits [batch, classes], labels [batch] -> rows whose largest logit is the label (first maximum wins ties)
    public static int CountCorrect(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int batch, int classes)
    {
        int correct = 0;
        for (int row = 0; row < batch; row++)
        {
            var rowLogits = logits.Slice(row * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (rowLogits[c] > rowLogits[best])
                {
                    best = c;
                }
            }

            correct += best == labels[row] ? 1 : 0;
        }

        return correct;
    }

    // logits [batch, classes], labels [batch] -> dLogits [batch, classes] = (softmax - onehot) / batch;
    // returns the same sum as LossSum (bit for bit), from the one log-sum-exp per row both need.
    public static double Backward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int batch, int classes, Span<float> dLogits)
    {
        double invBatch = 1.0 / batch;
        double total = 0;
        for (int row = 0; row < batch; row++)
        {
            var rowLogits = logits.Slice(row * classes, classes);
            var rowGrad = dLogits.Slice(row * classes, classes);
            double logSumExp = LogSumExp(rowLogits);
            total += logSumExp - rowLogits[labels[row]];
            for (int c = 0; c < classes; c++)
            {
                double p = Math.Exp(rowLogits[c] - logSumExp);
                rowGrad[c] = (float)((p - (c == labels[row] ? 1.0 : 0.0)) * invBatch);
            }
        }

        return total;
    }

    private static double LogSumExp(ReadOnlySpan<float> row)
    {
        float max = row[0];
        for (int c = 1; c < row.Length; c++)
        {
            max = Math.Max(max, row[c]);
        }

        double sum = 0;
        for (int c = 0; c < row.Length; c++)
        {
            sum += Math.Exp(row[c] - (double)max);
        }

        return max + Math.Log(sum);
    }
}

namespace Sweep.Engine.Kernels;

/// <summary>
/// Readable scalar matrix products: the definition the fast <c>Gemm</c> is tested against.
/// All matrices are row-major float32. Sizes: m rows of the result, n columns, k the shared
/// dimension. Argument order: sources, sizes, destination. With <c>accumulate</c> the product
/// is added into <c>c</c> (backward passes add into gradients); otherwise <c>c</c> is overwritten.
/// Sums run over k in increasing order, in double, so the reference is exact enough to judge the fast path.
/// </summary>
public static class GemmReference
{
    /// <summary>c[m,n] (+)= a[m,k] · b[k,n]</summary>
    public static void NN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[i * k + p] * b[p * n + j];
                }

                c[i * n + j] = (float)sum;
            }
        }
    }

    /// <summary>c[m,n] (+)= a[m,k] · b[n,k]ᵀ  (Linear forward: y = x Wᵀ with W [out, in])</summary>
    public static void NT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[i * k + p] * b[j * k + p];
                }

                c[i * n + j] = (float)sum;
            }
        }
    }

    /// <summary>c[m,n] (+)= a[k,m]ᵀ · b[k,n]  (Linear weight gradient: dW = dyᵀ x)</summary>
    public static void TN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[p * m + i] * b[p * n + j];
                }

                c[i * n + j] = (float)sum;
            }
        }
    }
}

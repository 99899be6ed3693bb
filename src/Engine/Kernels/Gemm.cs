namespace Sweep.Engine.Kernels;

/// <summary>
/// Matrix products used by the layers. Same contract as <see cref="GemmReference"/> (row-major,
/// sources, sizes, destination; <c>accumulate</c> adds into <c>c</c>). Reductions over k run in a
/// fixed order so results are reproducible bit for bit.
/// </summary>
public static class Gemm
{
    /// <summary>c[m,n] (+)= a[m,k] · b[k,n]</summary>
    public static void NN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            if (!accumulate)
            {
                row.Clear();
            }

            for (int p = 0; p < k; p++)
            {
                float aip = a[i * k + p];
                var bRow = b.Slice(p * n, n);
                for (int j = 0; j < n; j++)
                {
                    row[j] += aip * bRow[j];
                }
            }
        }
    }

    /// <summary>c[m,n] (+)= a[m,k] · b[n,k]ᵀ</summary>
    public static void NT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                var bRow = b.Slice(j * k, k);
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += aRow[p] * bRow[p];
                }

                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }

    /// <summary>c[m,n] (+)= a[k,m]ᵀ · b[k,n]</summary>
    public static void TN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int k, int n, Span<float> c, bool accumulate)
    {
        if (!accumulate)
        {
            c.Slice(0, m * n).Clear();
        }

        for (int p = 0; p < k; p++)
        {
            var bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float api = a[p * m + i];
                var row = c.Slice(i * n, n);
                for (int j = 0; j < n; j++)
                {
                    row[j] += api * bRow[j];
                }
            }
        }
    }
}

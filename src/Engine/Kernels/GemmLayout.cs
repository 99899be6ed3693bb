namespace Sweep.Engine.Kernels;

/// <summary>Which operands of a product are stored transposed: N as given, T transposed (a then b).</summary>
internal enum GemmLayout
{
    /// <summary>a[m,k], b[k,n]</summary>
    NN,

    /// <summary>a[m,k], b[n,k]</summary>
    NT,

    /// <summary>a[k,m], b[k,n]</summary>
    TN,
}

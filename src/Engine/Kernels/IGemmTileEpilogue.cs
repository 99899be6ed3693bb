namespace Sweep.Engine.Kernels;

/// <summary>
/// Element-wise work fused into a product (<see cref="GemmDriver{TKernel}"/>): called on each finished tile of
/// c, after the last k block and the bias, while the tile is still in L1, so a pass that would read c back
/// from memory runs on the tile instead. Called once per element of c; for each column of c, the tiles
/// come in increasing row order (so a sum down a column, like a bias gradient, keeps the order of a
/// row-by-row pass). An epilogue must not write c or the product's sources.
/// </summary>
internal interface IGemmTileEpilogue
{
    /// <summary>c[rows, columns] (rows ldc apart) is the finished block of c at (row, column).</summary>
    void Apply(int row, int column, int rows, int columns, ref float c, nint ldc);
}

/// <summary>No epilogue: the product only (the JIT drops the call).</summary>
internal struct NoTileEpilogue : IGemmTileEpilogue
{
    public readonly void Apply(int row, int column, int rows, int columns, ref float c, nint ldc)
    {
    }
}

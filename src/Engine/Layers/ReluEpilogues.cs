using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sweep.Engine.Kernels;

namespace Sweep.Engine.Layers;

/// <summary>
/// ReLU fused into a Linear's product (<see cref="IGemmTileEpilogue"/>), for layers without a norm between
/// the Linear and the activation. Each element gets the operation of the separate pass it replaces, so
/// the bits are those of the unfused layer (tests hold them to it).
/// </summary>
internal static class ReluEpilogue
{
    /// <summary>
    /// max(x, +0) as IEEE 754:2019 maximum, which is what <see cref="Relu.Forward"/> (TensorPrimitives.Max)
    /// computes: NaN stays x, -0 and negatives give +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Forward(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero) | ~Vector.Equals(x, x), x, Vector<float>.Zero);

    /// <inheritdoc cref="Forward(Vector{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Forward(float x) => x > 0f || float.IsNaN(x) ? x : 0f;
}

/// <summary>Linear forward + ReLU: activated = max(y, 0) from each finished tile of y (the pre-activation, still written).</summary>
/// <param name="activated">[rows of y, columns of y], the layout of y.</param>
internal ref struct ReluForwardEpilogue(Span<float> activated) : IGemmTileEpilogue
{
    private readonly Span<float> _activated = activated;

    public readonly void Apply(int row, int column, int rows, int columns, ref float c, nint ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            ref float source = ref Unsafe.Add(ref c, r * ldc);
            var target = _activated.Slice((int)((row + r) * ldc) + column, columns);
            ref float to = ref MemoryMarshal.GetReference(target);
            int j = 0;
            for (; j + Vector<float>.Count <= columns; j += Vector<float>.Count)
            {
                ReluEpilogue.Forward(Vector.LoadUnsafe(ref source, (nuint)j)).StoreUnsafe(ref to, (nuint)j);
            }

            for (; j < columns; j++)
            {
                Unsafe.Add(ref to, j) = ReluEpilogue.Forward(Unsafe.Add(ref source, j));
            }
        }
    }
}

/// <summary>
/// Linear input gradient + the previous layer's ReLU backward and bias gradient: from each finished tile of
/// dOutput (dLoss/d activated), dPreActivation = activated &gt; 0 ? dOutput : 0 (<see cref="Relu.Backward"/>)
/// and dBias[j] += dPreActivation[i, j] row by row (<see cref="Linear.Backward"/>'s bias pass; the tiles of a
/// column come in increasing row order, so the sums are the same).
/// </summary>
/// <param name="activated">The previous layer's forward output after ReLU, in dOutput's layout.</param>
/// <param name="dPreActivation">Written, in dOutput's layout; must not be a source of the product.</param>
/// <param name="dBias">[columns of dOutput], added into.</param>
internal ref struct ReluBackwardEpilogue(ReadOnlySpan<float> activated, Span<float> dPreActivation, Span<float> dBias) : IGemmTileEpilogue
{
    private readonly ReadOnlySpan<float> _activated = activated;
    private readonly Span<float> _dPreActivation = dPreActivation;
    private readonly Span<float> _dBias = dBias;

    public readonly void Apply(int row, int column, int rows, int columns, ref float c, nint ldc)
    {
        ref float bias = ref MemoryMarshal.GetReference(_dBias.Slice(column, columns));
        for (int r = 0; r < rows; r++)
        {
            int start = (int)((row + r) * ldc) + column;
            ref float dy = ref Unsafe.Add(ref c, r * ldc);
            ref float y = ref MemoryMarshal.GetReference(_activated.Slice(start, columns));
            ref float dx = ref MemoryMarshal.GetReference(_dPreActivation.Slice(start, columns));
            int j = 0;
            for (; j + Vector<float>.Count <= columns; j += Vector<float>.Count)
            {
                var value = Vector.ConditionalSelect(
                    Vector.GreaterThan(Vector.LoadUnsafe(ref y, (nuint)j), Vector<float>.Zero), Vector.LoadUnsafe(ref dy, (nuint)j), Vector<float>.Zero);
                value.StoreUnsafe(ref dx, (nuint)j);
                (Vector.LoadUnsafe(ref bias, (nuint)j) + value).StoreUnsafe(ref bias, (nuint)j);
            }

            for (; j < columns; j++)
            {
                float value = Unsafe.Add(ref y, j) > 0f ? Unsafe.Add(ref dy, j) : 0f;
                Unsafe.Add(ref dx, j) = value;
                Unsafe.Add(ref bias, j) += value;
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sweep.Engine.Kernels;

/// <summary>
/// The vector operations <see cref="GemmKernel{TOps, TVector, TRows}"/> needs, for one width. Static
/// abstract members on a struct: the JIT specialises the kernel per width and inlines each call to the
/// one instruction it names (a broadcast from memory folds into the FMA as an embedded broadcast).
/// </summary>
internal interface IGemmVectorOps<TVector>
    where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Lanes { get; }

    static abstract bool IsAccelerated { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Load(ref float source, nint offset);

    static abstract TVector Broadcast(float value);

    /// <summary>a * b + addend, rounded once.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector addend);

    static abstract TVector Add(TVector a, TVector b);

    static abstract void Store(TVector value, ref float destination, nint offset);
}

/// <summary>AVX-512: 16 floats, 32 registers.</summary>
internal readonly struct Vector512Ops : IGemmVectorOps<Vector512<float>>
{
    public static int Lanes => 16;

    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
}

/// <summary>AVX2: 8 floats, 16 registers.</summary>
internal readonly struct Vector256Ops : IGemmVectorOps<Vector256<float>>
{
    public static int Lanes => 8;

    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
}

/// <summary>SSE / NEON (machines or runs without 256-bit vectors): 4 floats, 16 registers.</summary>
internal readonly struct Vector128Ops : IGemmVectorOps<Vector128<float>>
{
    public static int Lanes => 4;

    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Vector128.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
}

/// <summary>
/// Rows of c per micro-kernel tile (1 to 14): a type, so the kernel's copy for it has Rows as a constant. The tiles the
/// widths use are 6 and 8 rows (12 and 14 in the kernels bench); the others compute the last, shorter panel of a.
/// </summary>
internal interface IGemmTileRows
{
    static abstract int Rows { get; }
}

internal readonly struct Rows1 : IGemmTileRows
{
    public static int Rows => 1;
}

internal readonly struct Rows2 : IGemmTileRows
{
    public static int Rows => 2;
}

internal readonly struct Rows3 : IGemmTileRows
{
    public static int Rows => 3;
}

internal readonly struct Rows4 : IGemmTileRows
{
    public static int Rows => 4;
}

internal readonly struct Rows5 : IGemmTileRows
{
    public static int Rows => 5;
}

internal readonly struct Rows7 : IGemmTileRows
{
    public static int Rows => 7;
}

internal readonly struct Rows9 : IGemmTileRows
{
    public static int Rows => 9;
}

internal readonly struct Rows10 : IGemmTileRows
{
    public static int Rows => 10;
}

internal readonly struct Rows11 : IGemmTileRows
{
    public static int Rows => 11;
}

internal readonly struct Rows13 : IGemmTileRows
{
    public static int Rows => 13;
}

internal readonly struct Rows6 : IGemmTileRows
{
    public static int Rows => 6;
}

internal readonly struct Rows8 : IGemmTileRows
{
    public static int Rows => 8;
}

internal readonly struct Rows12 : IGemmTileRows
{
    public static int Rows => 12;
}

internal readonly struct Rows14 : IGemmTileRows
{
    public static int Rows => 14;
}

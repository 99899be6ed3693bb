using System.Runtime.CompilerServices;

namespace Sweep.Engine.Kernels;

/// <summary>
/// Per-thread pack buffers for <see cref="Gemm"/>: they grow to the largest blocks a thread has
/// needed and are reused, so products allocate nothing after warm-up. The arrays are pinned (never
/// moved), so the 64-byte alignment of a buffer's start is computed once and holds for its lifetime.
/// </summary>
internal sealed class GemmWorkspace
{
    private const int AlignmentFloats = 16; // 64 bytes: one cache line, one zmm register

    [ThreadStatic]
    private static GemmWorkspace? s_current;

    private float[] _packedA = [];
    private int _offsetA;
    private float[] _packedB = [];
    private int _offsetB;
    private float[] _tile = [];

    /// <summary>This thread's buffers, grown to hold at least the given lengths.</summary>
    public static GemmWorkspace ForThread(int packedALength, int packedBLength, int tileLength)
    {
        var workspace = s_current ??= new GemmWorkspace();
        Grow(ref workspace._packedA, ref workspace._offsetA, packedALength);
        Grow(ref workspace._packedB, ref workspace._offsetB, packedBLength);
        if (workspace._tile.Length < tileLength)
        {
            workspace._tile = new float[tileLength];
        }

        return workspace;
    }

    /// <summary>Packed panels of a: [mc / Rows][kc][Rows], 64-byte aligned.</summary>
    public Span<float> PackedA => _packedA.AsSpan(_offsetA);

    /// <summary>Packed panels of b: [nc / Columns][kc][Columns], 64-byte aligned.</summary>
    public Span<float> PackedB => _packedB.AsSpan(_offsetB);

    /// <summary>Scratch tile for the edges of c, where a full tile would overrun the matrix.</summary>
    public Span<float> Tile => _tile;

    private static unsafe void Grow(ref float[] buffer, ref int offset, int length)
    {
        if (buffer.Length - offset >= length)
        {
            return;
        }

        int capacity = (int)Math.Min(Array.MaxLength - AlignmentFloats, Math.Max(length, 2L * (buffer.Length - offset)));
        buffer = GC.AllocateUninitializedArray<float>(capacity + AlignmentFloats, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref buffer[0]);
        offset = (int)((64 - (address % 64)) % 64 / sizeof(float));
    }
}

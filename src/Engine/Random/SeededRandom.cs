using System.Runtime.CompilerServices;

namespace Sweep.Engine.Random;

/// <summary>
/// The engine's own generator: xoshiro256** seeded through SplitMix64. Unlike System.Random its
/// algorithm is fixed, so the same seed gives the same stream on every .NET version and machine.
/// Not thread-safe: one instance per consumer. <see cref="ForPurpose"/> derives independent streams
/// (data, split, init, batch order) from one trial seed so that changing how many numbers one
/// consumer draws never shifts another's.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareGaussian;

    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>An independent generator for a named purpose, e.g. <c>ForPurpose(seed, "init")</c>; depends only on the seed and the name.</summary>
    public static SeededRandom ForPurpose(long seed, string purpose)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the purpose, mixed with the seed
        foreach (char ch in purpose)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        ulong mixed = unchecked((ulong)seed) ^ h;
        return new SeededRandom(unchecked((long)SplitMix64(ref mixed)));
    }

    /// <summary>A child generator drawn from this one's stream.</summary>
    public SeededRandom Fork() => new(unchecked((long)NextUInt64()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double NextDouble(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), "must be positive");
        }

        ulong range = (ulong)maxExclusive;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 product = (UInt128)r * range;
            if ((ulong)product >= threshold)
            {
                return (int)(ulong)(product >> 64);
            }
        }
    }

    /// <summary>
    /// Standard normal: Box–Muller over two uniform draws u₁ (redrawn while zero) and u₂, the cosine value
    /// first and the sine value as the spare (<see cref="BoxMuller"/>: the same bits on every machine).
    /// </summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var (first, second) = BoxMuller.Pair(NextNonzeroDouble(), NextDouble());
        _spareGaussian = second;
        return first;
    }

    /// <summary>
    /// destination[i] = (float)(scale · g_i) for the next destination.Length values g_i of <see cref="NextGaussian"/>,
    /// the same values and the same state afterwards (a spare included) as drawing them one by one, several pairs
    /// per vector instruction: a weight matrix of a million entries in a few milliseconds instead of tens.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // as BoxMuller.Pairs: no slow first tier for the first matrix
    public void FillGaussian(Span<float> destination, double scale)
    {
        int i = 0;
        if (_spareGaussian is not null && destination.Length > 0)
        {
            destination[i++] = (float)(scale * NextGaussian());
        }

        const int Chunk = 256; // pairs per batch of uniforms: 8 KiB of stack for u₁, u₂ and the two results
        Span<double> u1 = stackalloc double[Chunk];
        Span<double> u2 = stackalloc double[Chunk];
        Span<double> first = stackalloc double[Chunk];
        Span<double> second = stackalloc double[Chunk];
        while (destination.Length - i >= 2)
        {
            int pairs = Math.Min(Chunk, (destination.Length - i) / 2);
            for (int p = 0; p < pairs; p++)
            {
                u1[p] = NextNonzeroDouble();
                u2[p] = NextDouble();
            }

            BoxMuller.Pairs(u1[..pairs], u2[..pairs], first[..pairs], second[..pairs]);
            for (int p = 0; p < pairs; p++)
            {
                destination[i++] = (float)(scale * first[p]);
                destination[i++] = (float)(scale * second[p]);
            }
        }

        if (i < destination.Length)
        {
            destination[i] = (float)(scale * NextGaussian()); // leaves the pair's second value as the spare
        }
    }

    /// <summary>Uniform in (0, 1): <see cref="NextDouble()"/> redrawn while it is zero, so its logarithm is finite.</summary>
    private double NextNonzeroDouble()
    {
        double u;
        do
        {
            u = NextDouble();
        }
        while (u <= double.Epsilon);

        return u;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace Sweep.Specs.Expansion;

/// <summary>
/// The Sobol low-discrepancy sequence in up to <see cref="SpecLimits.MaxSobolDimensions"/> dimensions,
/// unscrambled, generated in Gray-code order with 32-bit direction numbers (Bratley and Fox's
/// algorithm with Joe and Kuo's initial numbers), the same points scipy's <c>Sobol(scramble=False)</c>
/// gives. The first point (all zeros) is skipped: <see cref="Next"/> starts at index 1.
/// </summary>
internal sealed class SobolSequence
{
    private const int Bits = 32;
    private const double Scale = 1.0 / (1UL << Bits);

    /// <summary>direction [dimension, bit]: v_k = m_k * 2^(32-k), bit k-1 stored at index k-1.</summary>
    private readonly uint[,] _directions;
    private readonly uint[] _state;
    private uint _index;

    public SobolSequence(int dimensions)
    {
        if (dimensions < 1 || dimensions > SpecLimits.MaxSobolDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"must be 1..{SpecLimits.MaxSobolDimensions}");
        }

        Dimensions = dimensions;
        _directions = new uint[dimensions, Bits];
        _state = new uint[dimensions];
        for (int k = 0; k < Bits; k++)
        {
            _directions[0, k] = 1u << (Bits - 1 - k);
        }

        for (int d = 1; d < dimensions; d++)
        {
            FillDirections(d, JoeKuoDirections.Rows[d - 1]);
        }
    }

    public int Dimensions { get; }

    /// <summary>Back to the start: the next point is the sequence's point 1 again.</summary>
    public void Reset()
    {
        Array.Clear(_state);
        _index = 0;
    }

    /// <summary>Writes the next point, each coordinate in [0, 1), into <paramref name="point"/> (length Dimensions).</summary>
    public void Next(Span<double> point)
    {
        if (_index == uint.MaxValue)
        {
            throw new InvalidOperationException("the Sobol sequence is exhausted after 2^32 - 1 points");
        }

        // Gray code: point n differs from point n-1 by the direction of the lowest zero bit of n-1.
        int bit = System.Numerics.BitOperations.TrailingZeroCount(~_index);
        _index++;
        for (int d = 0; d < Dimensions; d++)
        {
            _state[d] ^= _directions[d, bit];
            point[d] = _state[d] * Scale;
        }
    }

    private void FillDirections(int dimension, (int Degree, uint Coefficients, uint[] InitialM) row)
    {
        int s = row.Degree;
        for (int k = 0; k < s; k++)
        {
            _directions[dimension, k] = row.InitialM[k] << (Bits - 1 - k);
        }

        for (int k = s; k < Bits; k++)
        {
            uint v = _directions[dimension, k - s] ^ (_directions[dimension, k - s] >> s);
            for (int j = 1; j < s; j++)
            {
                uint coefficient = (row.Coefficients >> (s - 1 - j)) & 1;
                v ^= coefficient * _directions[dimension, k - j];
            }

            _directions[dimension, k] = v;
        }
    }
}

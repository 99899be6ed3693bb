using Sweep.Specs.Expansion;

namespace Sweep.Specs.Tests.Expansion;

public class SobolSequenceTests
{
    [Fact]
    public void The_first_points_are_the_published_two_dimensional_sequence()
    {
        // Sobol's sequence in two dimensions (Bratley and Fox 1988; scipy's Sobol(2, scramble=False)), point 0 skipped.
        double[][] expected =
        [
            [0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375],
            [0.875, 0.875], [0.625, 0.125], [0.125, 0.625], [0.1875, 0.3125],
        ];
        var sequence = new SobolSequence(2);
        var point = new double[2];

        foreach (double[] want in expected)
        {
            sequence.Next(point);
            Assert.Equal(want, point);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    public void Every_dimension_of_the_first_two_to_the_m_points_hits_each_interval_once(int m)
    {
        int count = 1 << m;
        var sequence = new SobolSequence(SpecLimits.MaxSobolDimensions);
        var point = new double[SpecLimits.MaxSobolDimensions];
        var hits = new int[SpecLimits.MaxSobolDimensions, count];
        for (int d = 0; d < SpecLimits.MaxSobolDimensions; d++)
        {
            hits[d, 0] = 1; // the skipped point 0 lies in the first interval of every dimension
        }

        for (int i = 1; i < count; i++)
        {
            sequence.Next(point);
            for (int d = 0; d < SpecLimits.MaxSobolDimensions; d++)
            {
                hits[d, (int)(point[d] * count)]++;
            }
        }

        for (int d = 0; d < SpecLimits.MaxSobolDimensions; d++)
        {
            for (int cell = 0; cell < count; cell++)
            {
                Assert.True(hits[d, cell] == 1, $"dimension {d + 1}, interval {cell}: {hits[d, cell]} points");
            }
        }
    }

    [Fact]
    public void The_first_two_dimensions_form_a_zero_m_two_net()
    {
        // Every elementary box of area 2^-m (2^k by 2^(m-k) cells) holds exactly one of the first 2^m points.
        const int M = 8;
        var points = new List<double[]> { new double[2] };
        var sequence = new SobolSequence(2);
        for (int i = 1; i < 1 << M; i++)
        {
            var point = new double[2];
            sequence.Next(point);
            points.Add(point);
        }

        for (int k = 0; k <= M; k++)
        {
            int columns = 1 << k, rows = 1 << (M - k);
            var counts = points.GroupBy(p => ((int)(p[0] * columns), (int)(p[1] * rows))).Select(g => g.Count()).ToList();
            Assert.Equal(1 << M, counts.Count);
            Assert.All(counts, c => Assert.Equal(1, c));
        }
    }

    [Fact]
    public void Reset_starts_the_sequence_again()
    {
        var sequence = new SobolSequence(5);
        var first = new double[5];
        var again = new double[5];
        sequence.Next(first);
        sequence.Next(new double[5]);

        sequence.Reset();
        sequence.Next(again);

        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Dimensions_outside_the_table_are_refused(int dimensions)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SobolSequence(dimensions));
    }
}

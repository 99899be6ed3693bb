using Sweep.Engine.Kernels;

namespace Sweep.Engine.Tests.Kernels;

public sealed class PanelTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(6, 17)]
    [InlineData(16, 33)]
    [InlineData(19, 7)]
    [InlineData(3, 16)]
    [InlineData(1, 9)]
    [InlineData(13, 24)]
    [InlineData(16, 16)]
    [InlineData(32, 40)]
    [InlineData(35, 40)]
    [InlineData(17, 15)]
    [InlineData(16, 171)] // KC of a 1,024-deep product: ten 16 x 16 transposes and one overlapping the tenth
    [InlineData(8, 157)] // KC of a 784-deep one through 8 x 8 transposes
    [InlineData(24, 20)]
    public void RowsBecomeColumnsOfThePanel(int rows, int length)
    {
        int sourceStride = Math.Max(41, length + 3);
        int stride = rows + 3;
        var source = Enumerable.Range(0, rows * sourceStride).Select(i => (float)i).ToArray();
        var panel = new float[length * stride];
        Array.Fill(panel, -1f);

        PanelTranspose.RowsToColumns(source, sourceStride, rows, length, panel, stride);

        for (int p = 0; p < length; p++)
        {
            for (int r = 0; r < stride; r++)
            {
                float expected = r < rows ? source[r * sourceStride + p] : -1f;
                Assert.Equal(expected, panel[p * stride + r]);
            }
        }
    }

    [Theory]
    [InlineData(6, 64, 8)] // the AVX2 tile's panel of a 64-deep product, room for the last row's overhang
    [InlineData(6, 157, 8)]
    [InlineData(4, 17, 8)] // an edge panel
    [InlineData(1, 9, 8)]
    [InlineData(7, 8, 8)]
    [InlineData(6, 64, 0)] // no room past the panel: every row stored exactly
    [InlineData(6, 157, 1)]
    [InlineData(3, 5, 8)] // too short for the transposes
    public void ATightPanelIsExactAndOverhangsOnlyIntoRoomGiven(int rows, int length, int room)
    {
        const int SourceStride = 200;
        var source = Enumerable.Range(0, rows * SourceStride).Select(i => (float)i).ToArray();
        var destination = new float[length * rows + room + 16];
        Array.Fill(destination, -1f);

        PanelTranspose.RowsToColumns(source, SourceStride, rows, length, destination.AsSpan(0, length * rows + room), rows);

        for (int p = 0; p < length; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(source[r * SourceStride + p], destination[p * rows + r]);
            }
        }

        // The last row's store may reach 8 values from its start, never past the span it was given.
        int reach = Math.Min(length * rows + room, Math.Max(length * rows, (length - 1) * rows + 8));
        Assert.All(destination.Skip(reach), value => Assert.Equal(-1f, value));
    }

    [Fact]
    public void RangesPastTheSpansAreRejected()
    {
        Assert.Throws<ArgumentException>(() => PanelTranspose.RowsToColumns(new float[10], 5, 3, 5, new float[100], 4));
    }
}

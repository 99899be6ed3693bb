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

    [Fact]
    public void RangesPastTheSpansAreRejected()
    {
        Assert.Throws<ArgumentException>(() => PanelTranspose.RowsToColumns(new float[10], 5, 3, 5, new float[100], 4));
    }
}

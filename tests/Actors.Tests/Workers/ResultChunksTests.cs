using Sweep.Actors.Tests.Protocol;
using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Workers;

public class ResultChunksTests
{
    private static TrialFinished Whole(int curve, int layers) => new(
        0, TrialId.Parse("00000000000000aa"), 1, TrialStatus.Completed, "w", "h", DateTime.UtcNow, DateTime.UtcNow, 1,
        new TrialSummary(), 0, SampleMessages.Curve(curve), SampleMessages.Layers(layers));

    [Fact]
    public void Small_results_travel_in_one_message()
    {
        var (parts, finished) = ResultChunks.Split(Whole(10, 30));

        Assert.Empty(parts);
        Assert.Equal(0, finished.PartsBefore);
        Assert.Equal(10, finished.Curve.Count);
    }

    [Theory]
    [InlineData(2500, 0)]
    [InlineData(1000, 1000)]
    [InlineData(1, 3001)]
    public void Large_results_split_into_bounded_slices_and_join_back(int curve, int layers)
    {
        var whole = Whole(curve, layers);

        var (parts, finished) = ResultChunks.Split(whole);
        var (joinedCurve, joinedLayers) = ResultChunks.Join(parts, finished);

        Assert.Equal(parts.Count, finished.PartsBefore);
        Assert.Equal(Enumerable.Range(0, parts.Count), parts.Select(p => p.Index));
        Assert.All(parts, p => Assert.InRange(p.Curve.Count + p.Layers.Count, 1, ResultChunks.MaxPointsPerSlice));
        Assert.Equal(whole.Curve, joinedCurve);
        Assert.Equal(whole.Layers, joinedLayers);
    }
}

using Sweep.Actors.Coordination;
using Sweep.Actors.Tests.Protocol;
using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Coordination;

public class ResultAssemblyTests
{
    private static readonly TrialId Id = TrialId.Parse("00000000000000aa");

    /// <summary>A result of 2,500 curve points: two parts of 1,000, then the finished message with the last 500.</summary>
    private static (List<TrialResultPart> Parts, TrialFinished Finished, TrialFinished Whole) Split(int attempt = 1)
    {
        var whole = new TrialFinished(
            0, Id, attempt, TrialStatus.Completed, "w", "h", DateTime.UnixEpoch, DateTime.UnixEpoch, 1, new TrialSummary(), 0,
            SampleMessages.Curve(2500), SampleMessages.Layers(0));
        var (parts, finished) = ResultChunks.Split(whole);
        Assert.Equal(2, parts.Count);
        return (parts, finished, whole);
    }

    [Fact]
    public void A_result_in_one_message_needs_no_parts()
    {
        var assembly = new ResultAssembly();
        var (_, _, whole) = Split();
        var small = whole with { Curve = SampleMessages.Curve(3) };

        var result = assembly.Complete(small);

        Assert.Equal(small.Curve, result!.Value.Curve);
        Assert.Equal(0, assembly.Incomplete);
    }

    [Fact]
    public void Parts_in_order_rebuild_the_whole_result_and_are_released()
    {
        var assembly = new ResultAssembly();
        var (parts, finished, whole) = Split();

        parts.ForEach(assembly.Add);
        Assert.Equal(1, assembly.Incomplete);
        var result = assembly.Complete(finished);

        Assert.Equal(whole.Curve, result!.Value.Curve);
        Assert.Equal(0, assembly.Incomplete);
    }

    [Fact]
    public void A_duplicated_part_is_ignored()
    {
        var assembly = new ResultAssembly();
        var (parts, finished, whole) = Split();

        assembly.Add(parts[0]);
        assembly.Add(parts[1]);
        assembly.Add(parts[1]);

        Assert.Equal(whole.Curve, assembly.Complete(finished)!.Value.Curve);
    }

    [Fact]
    public void Parts_out_of_order_leave_the_result_incomplete_and_it_is_dropped()
    {
        var assembly = new ResultAssembly();
        var (parts, finished, _) = Split();

        assembly.Add(parts[1]);
        assembly.Add(parts[0]);

        Assert.Null(assembly.Complete(finished));
        Assert.Equal(0, assembly.Incomplete);
    }

    [Fact]
    public void A_finished_message_without_its_parts_is_incomplete()
    {
        var assembly = new ResultAssembly();
        var (parts, finished, _) = Split();

        Assert.Null(assembly.Complete(finished));
        assembly.Add(parts[0]);
        Assert.Null(assembly.Complete(finished));
    }

    [Fact]
    public void Parts_of_another_attempt_do_not_complete_a_result()
    {
        var assembly = new ResultAssembly();
        var (firstParts, _, _) = Split(attempt: 1);
        var (secondParts, secondFinished, whole) = Split(attempt: 2);

        assembly.Add(firstParts[0]);
        assembly.Add(secondParts[1]);
        Assert.Null(assembly.Complete(secondFinished));

        secondParts.ForEach(assembly.Add);
        Assert.Equal(whole.Curve, assembly.Complete(secondFinished)!.Value.Curve);
    }

    [Fact]
    public void A_resend_starts_over_at_part_zero()
    {
        var assembly = new ResultAssembly();
        var (parts, finished, whole) = Split();

        assembly.Add(parts[0]);
        parts.ForEach(assembly.Add);

        Assert.Equal(whole.Curve, assembly.Complete(finished)!.Value.Curve);
    }
}

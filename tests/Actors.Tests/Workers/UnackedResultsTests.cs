using Sweep.Actors.Tests.Protocol;
using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Protocol.SweepProtocol;

namespace Sweep.Actors.Tests.Workers;

public class UnackedResultsTests
{
    private static readonly DateTime T0 = ManualTime.Start;
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(3);

    private static TrialFinished Whole(ulong id, int curve) => new(
        0, new TrialId(id), 1, TrialStatus.Completed, "w", "h", T0, T0, 1, new TrialSummary(), 0, SampleMessages.Curve(curve), SampleMessages.Layers(0));

    [Fact]
    public void A_large_result_is_held_as_its_parts_then_its_finished_message()
    {
        var unacked = new UnackedResults(ResendAfter);

        var result = unacked.Add(Whole(1, 2500));

        var messages = result.Messages.ToList();
        Assert.Equal(3, messages.Count);
        Assert.Equal([0, 1], messages.Take(2).Cast<TrialResultPart>().Select(p => p.Index));
        Assert.Equal(2, Assert.IsType<TrialFinished>(messages[2]).PartsBefore);
    }

    [Fact]
    public void Results_are_due_until_sent_and_again_after_the_resend_interval_until_acknowledged()
    {
        var unacked = new UnackedResults(ResendAfter);
        var first = unacked.Add(Whole(1, 3));
        var second = unacked.Add(Whole(2, 3));

        Assert.Equal([first, second], unacked.Due(T0));
        first.Sent(T0);
        second.Sent(T0.AddSeconds(1));
        Assert.Empty(unacked.Due(T0.AddSeconds(3)));
        Assert.Equal([first], unacked.Due(T0.AddSeconds(3.5)));

        unacked.Acknowledge(new TrialId(1));

        Assert.Equal([second], unacked.Due(T0.AddSeconds(10)));
        Assert.Equal(1, unacked.Count);
    }

    [Fact]
    public void A_newer_result_of_a_trial_replaces_the_older_and_clear_drops_all()
    {
        var unacked = new UnackedResults(ResendAfter);
        unacked.Add(Whole(1, 3));
        var newer = unacked.Add(Whole(1, 5));

        Assert.Same(newer, Assert.Single(unacked.All));
        unacked.Clear();
        Assert.Equal(0, unacked.Count);
    }
}

using Sweep.Actors.Coordination;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Coordination;

public class PendingAcksTests
{
    private static readonly TrialId A = new(1);
    private static readonly TrialId B = new(2);

    [Fact]
    public void Commit_returns_the_sender_and_every_worker_that_resent_meanwhile_once()
    {
        var pending = new PendingAcks<string>();
        pending.Publish(A, "w1");

        Assert.True(pending.TryWait(A, "w2"));
        Assert.Equal(1, pending.Count);
        Assert.Equal(["w1", "w2"], pending.Commit(A));
        Assert.Null(pending.Commit(A));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_trial_not_pending_has_no_waiters()
    {
        var pending = new PendingAcks<string>();

        Assert.False(pending.TryWait(B, "w1"));
        Assert.Null(pending.Commit(B));
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void A_trial_given_up_is_pending_with_no_one_to_acknowledge()
    {
        var pending = new PendingAcks<string>();
        pending.Publish(A, null);

        Assert.Equal(1, pending.Count);
        Assert.Empty(pending.Commit(A)!);
    }
}

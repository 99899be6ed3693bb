using Sweep.Actors.Scheduling;
using Sweep.Engine.Config;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Scheduling;

public class SchedulingStateTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly SlotKey A0 = new("a", 0);
    private static readonly SlotKey A1 = new("a", 1);
    private static readonly SlotKey B0 = new("b", 0);

    private static List<PendingTrial> Trials(int count) =>
        Enumerable.Range(0, count).Select(i => new PendingTrial(new TrialId((ulong)i), new TrialConfig { Seed = i })).ToList();

    private static SchedulingState State(int trials, int maxAttempts = 2, TimeSpan? timeout = null, params (string Node, int Slots)[] nodes)
    {
        var state = new SchedulingState(Trials(trials), maxAttempts, timeout);
        foreach (var (node, slots) in nodes)
        {
            state.AddNode(node, slots);
        }

        return state;
    }

    [Fact]
    public void Assign_gives_each_slot_the_next_trial_in_source_order_with_attempt_one()
    {
        var state = State(3, nodes: [("a", 2)]);

        var first = state.Assign(A0, Now);
        var second = state.Assign(A1, Now);

        Assert.Equal(Trials(3)[0].TrialId, first!.TrialId);
        Assert.Equal(Trials(3)[1].TrialId, second!.TrialId);
        Assert.Equal(1, first.Attempt);
        Assert.Equal(DateTime.MaxValue, first.DeadlineUtc);
        Assert.Equal(2, state.Running);
    }

    [Fact]
    public void A_finished_trial_runs_again_as_a_fresh_attempt_and_only_once_finished()
    {
        var state = State(2, maxAttempts: 1, nodes: [("a", 1)]);
        var trial = Trials(2)[0];
        var first = state.Assign(A0, Now)!;
        Assert.Throws<InvalidOperationException>(() => state.RunAgain(trial));
        Assert.Equal(CompletionKind.Accepted, state.Complete(first.TrialId, A0).Kind);

        state.RunAgain(trial);

        // Queued trials go before fresh ones; attempts count afresh (max attempts 1 would otherwise be spent).
        var again = state.Assign(A0, Now)!;
        Assert.Equal((trial.TrialId, 1), (again.TrialId, again.Attempt));
        Assert.Equal(CompletionKind.Accepted, state.Complete(trial.TrialId, A0).Kind);
        Assert.Equal(CompletionKind.Duplicate, state.Complete(trial.TrialId, A0).Kind);
        Assert.False(state.IsDone);
        state.Complete(state.Assign(A0, Now)!.TrialId, A0);
        Assert.True(state.IsDone);
    }

    [Fact]
    public void Assign_refuses_a_busy_slot_and_an_unregistered_node()
    {
        var state = State(3, nodes: [("a", 1)]);
        state.Assign(A0, Now);

        Assert.Null(state.Assign(A0, Now));
        Assert.Null(state.Assign(B0, Now));
        Assert.Equal(1, state.Running);
    }

    [Fact]
    public void Assign_sets_the_deadline_from_the_trial_timeout()
    {
        var state = State(1, timeout: TimeSpan.FromMinutes(5), nodes: [("a", 1)]);

        Assert.Equal(Now.AddMinutes(5), state.Assign(A0, Now)!.DeadlineUtc);
    }

    [Fact]
    public void Source_is_pulled_lazily()
    {
        int pulled = 0;
        var source = Enumerable.Range(0, 1_000_000).Select(i =>
        {
            pulled++;
            return new PendingTrial(new TrialId((ulong)i), new TrialConfig { Seed = i });
        });
        var state = new SchedulingState(source, 2, null);
        state.AddNode("a", 2);

        state.Assign(A0, Now);
        state.Assign(A1, Now);

        Assert.InRange(pulled, 2, 3);
    }

    [Fact]
    public void Duplicate_ids_in_the_source_run_once()
    {
        var trial = new PendingTrial(TrialId.Parse("00000000000000aa"), new TrialConfig());
        var state = new SchedulingState([trial, trial, trial], 2, null);
        state.AddNode("a", 2);

        state.Assign(A0, Now);
        Assert.Null(state.Assign(A1, Now));
        state.Complete(trial.TrialId, A0);
        Assert.True(state.IsDone);
    }

    [Fact]
    public void Complete_accepts_once_then_reports_duplicates()
    {
        var state = State(1, nodes: [("a", 1)]);
        var assignment = state.Assign(A0, Now)!;

        var first = state.Complete(assignment.TrialId, A0);
        var again = state.Complete(assignment.TrialId, A0);

        Assert.Equal(CompletionKind.Accepted, first.Kind);
        Assert.Equal(assignment.Config, first.Config);
        Assert.Equal(1, first.Attempts);
        Assert.Null(first.AlsoRunningOn);
        Assert.Equal(CompletionKind.Duplicate, again.Kind);
        Assert.True(state.IsDone);
        Assert.Equal(1, state.Finished);
    }

    [Fact]
    public void Complete_of_an_unassigned_id_is_unknown()
    {
        var state = State(1, nodes: [("a", 1)]);

        Assert.Equal(CompletionKind.Unknown, state.Complete(TrialId.Parse("ffffffffffffffff"), A0).Kind);
        Assert.False(state.IsDone);
    }

    [Fact]
    public void Fail_requeues_to_another_node_then_gives_up_after_max_attempts()
    {
        var state = State(2, maxAttempts: 2, nodes: [("a", 1), ("b", 1)]);
        var first = state.Assign(A0, Now)!;

        var requeue = state.Fail(A0, first.TrialId, "boom");
        Assert.True(requeue!.Requeued);

        // Node a failed it, so a gets the next fresh trial and b gets the retry.
        var onA = state.Assign(A0, Now)!;
        var onB = state.Assign(B0, Now)!;
        Assert.NotEqual(first.TrialId, onA.TrialId);
        Assert.Equal(first.TrialId, onB.TrialId);
        Assert.Equal(2, onB.Attempt);

        var gaveUp = state.Fail(B0, first.TrialId, "boom again");
        Assert.NotNull(gaveUp!.GaveUp);
        Assert.Equal(2, gaveUp.GaveUp.Attempts);
        Assert.Contains("boom again", gaveUp.GaveUp.Error);
        Assert.Equal(CompletionKind.Duplicate, state.Complete(first.TrialId, B0).Kind);
    }

    [Fact]
    public void Fail_retries_on_the_same_node_when_it_is_the_only_one()
    {
        var state = State(1, maxAttempts: 3, nodes: [("a", 1)]);
        var first = state.Assign(A0, Now)!;

        state.Fail(A0, first.TrialId, "boom");
        var retry = state.Assign(A0, Now);

        Assert.Equal(first.TrialId, retry!.TrialId);
        Assert.Equal(2, retry.Attempt);
    }

    [Fact]
    public void Fail_from_a_slot_not_running_the_trial_is_ignored()
    {
        var state = State(1, nodes: [("a", 2)]);
        var first = state.Assign(A0, Now)!;

        Assert.Null(state.Fail(A1, first.TrialId, "stale"));
        Assert.Equal(1, state.Running);
    }

    [Fact]
    public void Decline_is_not_an_attempt_and_routes_to_another_node()
    {
        var state = State(1, maxAttempts: 1, nodes: [("a", 1), ("b", 1)]);
        var first = state.Assign(A0, Now)!;

        var requeue = state.Decline(A0, first.TrialId, "no file", Now);
        Assert.True(requeue!.Requeued);
        Assert.Null(state.Assign(A0, Now));

        var onB = state.Assign(B0, Now)!;
        Assert.Equal(first.TrialId, onB.TrialId);
        Assert.Equal(1, onB.Attempt);
    }

    [Fact]
    public void Decline_by_every_node_gives_up_with_the_reasons()
    {
        var state = State(1, nodes: [("a", 1), ("b", 1)]);
        var first = state.Assign(A0, Now)!;
        state.Decline(A0, first.TrialId, "missing on a", Now);
        state.Assign(B0, Now);

        var outcome = state.Decline(B0, first.TrialId, "missing on b", Now);

        Assert.NotNull(outcome!.GaveUp);
        Assert.Contains("missing on a", outcome.GaveUp.Error);
        Assert.Contains("missing on b", outcome.GaveUp.Error);
        Assert.Equal(0, outcome.GaveUp.Attempts);
        Assert.True(state.IsDone);
    }

    [Fact]
    public void A_trial_every_node_declined_waits_its_grace_for_a_node_that_joins_and_runs_there()
    {
        var state = new SchedulingState(Trials(1), 2, null, TimeSpan.FromSeconds(30));
        state.AddNode("a", 1);
        var first = state.Assign(A0, Now)!;

        var waiting = state.Decline(A0, first.TrialId, "missing on a", Now);

        Assert.True(waiting!.Requeued);
        Assert.Equal(Now.AddSeconds(30), waiting.WaitsUntilUtc);
        Assert.Equal(1, state.WaitingForCapableNode);
        Assert.False(state.IsDone);
        Assert.Empty(state.ExpireDeclined(Now.AddSeconds(29)));
        state.AddNode("b", 1);
        Assert.Equal(0, state.WaitingForCapableNode);
        Assert.Empty(state.ExpireDeclined(Now.AddSeconds(31)));
        var onB = state.Assign(B0, Now.AddSeconds(31))!;
        Assert.Equal(first.TrialId, onB.TrialId);
        Assert.Equal(1, onB.Attempt);
    }

    [Fact]
    public void A_trial_every_node_declined_is_given_up_when_its_grace_ends_with_no_new_node()
    {
        var state = new SchedulingState(Trials(1), 2, null, TimeSpan.FromSeconds(30));
        state.AddNode("a", 1);
        var first = state.Assign(A0, Now)!;
        state.Decline(A0, first.TrialId, "missing on a", Now);

        var expired = Assert.Single(state.ExpireDeclined(Now.AddSeconds(31)));

        Assert.NotNull(expired.GaveUp);
        Assert.Contains("no connected worker can load the dataset within 30 s", expired.GaveUp.Error);
        Assert.Contains("missing on a", expired.GaveUp.Error);
        Assert.True(state.IsDone);
    }

    [Fact]
    public void RemoveNode_requeues_its_running_trials()
    {
        var state = State(3, maxAttempts: 2, nodes: [("a", 2), ("b", 1)]);
        var onA0 = state.Assign(A0, Now)!;
        var onA1 = state.Assign(A1, Now)!;

        var outcomes = state.RemoveNode("a");

        Assert.Equal(2, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Requeued));
        Assert.Equal(0, state.Running);
        Assert.Null(state.Assign(A0, Now));
        var retried = new[] { state.Assign(B0, Now)!.TrialId };
        Assert.Contains(retried[0], new[] { onA0.TrialId, onA1.TrialId });
    }

    [Fact]
    public void Result_of_a_requeued_trial_from_its_first_slot_is_accepted_and_names_the_copy()
    {
        var state = State(1, maxAttempts: 3, nodes: [("a", 1), ("b", 1)]);
        var first = state.Assign(A0, Now)!;
        state.RemoveNode("a");
        state.Assign(B0, Now);

        var outcome = state.Complete(first.TrialId, A0);

        Assert.Equal(CompletionKind.Accepted, outcome.Kind);
        Assert.Equal(B0, outcome.AlsoRunningOn);
        Assert.Equal(0, state.Running);
        Assert.Equal(CompletionKind.Duplicate, state.Complete(first.TrialId, B0).Kind);
    }

    [Fact]
    public void Result_of_a_queued_requeued_trial_is_accepted_and_leaves_the_queue()
    {
        var state = State(1, nodes: [("a", 1)]);
        var first = state.Assign(A0, Now)!;
        state.RemoveNode("a");
        Assert.Equal(1, state.Requeued);

        Assert.Equal(CompletionKind.Accepted, state.Complete(first.TrialId, A0).Kind);
        Assert.Equal(0, state.Requeued);
        Assert.True(state.IsDone);
    }

    [Fact]
    public void ExpireDeadlines_requeues_late_trials_and_gives_up_after_max_attempts()
    {
        var state = State(1, maxAttempts: 2, timeout: TimeSpan.FromSeconds(10), nodes: [("a", 1)]);
        var first = state.Assign(A0, Now)!;

        Assert.Empty(state.ExpireDeadlines(Now.AddSeconds(5)));
        var expired = state.ExpireDeadlines(Now.AddSeconds(11));
        Assert.Single(expired);
        Assert.True(expired[0].Requeued);
        Assert.Equal(A0, expired[0].From);

        var retry = state.Assign(A0, Now.AddSeconds(11))!;
        Assert.Equal(first.TrialId, retry.TrialId);
        var final = state.ExpireDeadlines(Now.AddSeconds(30));
        Assert.Contains("timed out", final[0].GaveUp!.Error);
    }

    [Fact]
    public void IsDone_only_after_every_trial_finished()
    {
        var state = State(2, nodes: [("a", 1)]);
        Assert.False(state.IsDone);
        Assert.True(state.HasWork);

        var first = state.Assign(A0, Now)!;
        state.Complete(first.TrialId, A0);
        Assert.False(state.IsDone);
        var second = state.Assign(A0, Now)!;
        Assert.False(state.HasWork);
        state.Complete(second.TrialId, A0);

        Assert.True(state.IsDone);
        Assert.Equal(2, state.Finished);
    }

    [Fact]
    public void RunningOn_lists_a_nodes_busy_slots()
    {
        var state = State(3, nodes: [("a", 2), ("b", 1)]);
        var onA = state.Assign(A0, Now)!;
        state.Assign(B0, Now);

        var running = state.RunningOn("a").ToList();

        Assert.Equal([(A0, onA.TrialId)], running);
        Assert.Equal(onA.TrialId, state.TrialOn(A0));
        Assert.Null(state.TrialOn(A1));
    }
}

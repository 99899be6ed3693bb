using Sweep.Actors.Scheduling.Stopping;
using Sweep.Engine.Training;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class StoppingDeciderTests
{
    private static StoppingDecider Asha() =>
        StoppingDecider.Over(new StoppingSettings(StopRuleKind.Asha, Eta: 2, MinSteps: 10), new AshaRule(new StopMetric("val_loss"), 2, 10));

    [Fact]
    public void A_decision_is_kept_until_the_trial_is_committed_and_repeated_points_of_a_rerun_are_ignored()
    {
        var asha = Asha();
        for (int i = 0; i < 3; i++)
        {
            Feed(asha, Config(i), [Point(10, 0.5)]);
        }

        var slow = Config(3);
        var decision = Feed(asha, slow, [Point(10, 0.9)]);
        Assert.NotNull(decision);

        // The worker was lost: the re-run attempt streams the same points again; the decision stands, nothing new is decided.
        Assert.Null(Feed(asha, slow, [Point(10, 0.9), Point(20, 0.9)]));
        Assert.Equal(decision, asha.DecisionFor(Id(slow)));

        asha.Ended(Id(slow), slow, TrialStatus.Pruned, [Point(10, 0.9)]);
        Assert.Null(asha.DecisionFor(Id(slow)));
    }

    [Fact]
    public void The_spec_chooses_the_rule_and_none_gives_no_decider()
    {
        var none = SpecParser.Parse("""{ "name": "s" }""", "s.json");
        var race = SpecParser.Parse("""{ "name": "s", "target_loss": 0.2, "stopping": { "rule": "race" } }""", "s.json");

        Assert.Null(StoppingDecider.For(none));
        Assert.Equal(StopRuleKind.Race, StoppingDecider.For(race)?.Settings.Rule);
    }
}

using Sweep.Actors.Scheduling.Stopping;
using Sweep.Specs;
using static Sweep.Actors.Tests.Scheduling.Stopping.ScriptedCurves;

namespace Sweep.Actors.Tests.Scheduling.Stopping;

public class RaceRuleTests
{
    private const double Target = 0.5;

    /// <summary>Target 0.5, slack 1.2.</summary>
    private static StoppingDecider Race() => StoppingDecider.Over(new StoppingSettings(StopRuleKind.Race), new RaceRule(Target, 1.2));

    /// <summary>Configuration 0 reaches and holds the target at step 40 (seed 0) and 50 (seed 1): cap 60.</summary>
    private static StoppingDecider WithIncumbent()
    {
        var race = Race();
        Assert.Null(Run(race, Config(0, 0), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2)));
        Assert.Null(Run(race, Config(0, 1), Curve(10, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2)));
        return race;
    }

    [Fact]
    public void Nothing_is_stopped_before_some_trial_has_finished_holding_the_target()
    {
        var race = Race();
        Assert.Null(Run(race, Config(0, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.6)));

        Assert.Null(Run(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9)));
    }

    [Fact]
    public void A_configuration_is_an_incumbent_after_its_first_seed_holds_so_the_first_pass_over_the_seeds_is_capped()
    {
        // Written before the rule was changed: configuration 0's seed 0 holds from step 40: cap 48.
        var race = Race();
        Assert.Null(Run(race, Config(0, 0), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2)));

        var decision = Feed(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9));

        Assert.NotNull(decision);
        Assert.Equal(50, decision.AtStep);
        Assert.Contains("cap 48 steps", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cap_follows_the_incumbents_slowest_finished_seed_and_is_gone_when_a_seed_misses_the_target()
    {
        var race = Race();
        Assert.Null(Run(race, Config(0, 0), Curve(10, 0.9, 0.8, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2)));
        // Seed 1 holds from step 40: the incumbent's bound is its slowest seed, so the cap rises from 36 to 48 and a
        // trial above the target at step 40 and at or below it from step 45 runs on.
        Assert.Null(Run(race, Config(0, 1), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2)));
        Assert.Null(Feed(race, Config(2, 0), Curve(5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.45, 0.4, 0.4, 0.4, 0.4, 0.4)));

        var other = Race();
        Assert.Null(Run(other, Config(0, 0), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2)));
        // Seed 1 ends above the target (its own configuration's cap does not apply to it): configuration 0 is no
        // incumbent any more, no other is, and nothing is capped.
        Assert.Null(Run(other, Config(0, 1), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.7)));
        Assert.Null(Feed(other, Config(3, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9)));
    }

    [Fact]
    public void A_trial_above_the_target_past_the_cap_is_stopped_there_with_the_cap_in_its_reason()
    {
        var race = WithIncumbent();
        var slow = Config(1, 0);

        var decision = Feed(race, slow, Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9));

        Assert.NotNull(decision);
        Assert.Equal(70, decision.AtStep);
        Assert.Equal("race", decision.Rule);
        Assert.Contains("cap 60 steps", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("step 50", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(decision, race.DecisionFor(Id(slow)));
    }

    [Fact]
    public void A_trial_at_the_target_from_a_point_within_the_cap_runs_on()
    {
        var race = WithIncumbent();

        // Above the target up to step 50, at or below it from step 60 = the cap on: it may hold from 60, so it runs on.
        Assert.Null(Feed(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.45, 0.44, 0.43, 0.42, 0.41)));
    }

    [Fact]
    public void A_trial_that_reaches_the_target_only_past_the_cap_is_stopped_at_that_point()
    {
        // Written before the rule was changed (it used to run on): above the target up to step 60, below from 70. Its
        // held steps to target are at least 70 > cap 60 whatever follows, so it cannot rank ahead of the incumbent.
        var race = WithIncumbent();

        var decision = Feed(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.45, 0.44, 0.43, 0.42));

        Assert.NotNull(decision);
        Assert.Equal(70, decision.AtStep);
        Assert.Contains("cap 60 steps", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("at or below the target only from step 70", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_incumbents_own_seeds_race_the_next_incumbents_cap()
    {
        // Configuration 2 holds from step 50 (cap 60), then configuration 1 from 40 (cap 48). Configuration 1's next seed
        // is above the target at step 50, past its own cap but within configuration 2's: it runs on, and is stopped at 70.
        var race = Race();
        Assert.Null(Run(race, Config(2, 0), Curve(10, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2)));
        Assert.Null(Run(race, Config(1, 0), Curve(10, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2)));

        var decision = Feed(race, Config(1, 1), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9));

        Assert.Equal(70, decision?.AtStep);
        Assert.Contains("cap 60 steps", decision!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rerun_attempt_starts_its_run_at_the_target_afresh()
    {
        // A first attempt at or below the target from step 10, then a re-run from step 0 above it up to step 60: the
        // re-run's points decide (at or below the target only from step 70 > cap 60), not the first attempt's.
        var race = WithIncumbent();
        Assert.Null(Feed(race, Config(1, 0), Curve(10, 0.4, 0.4, 0.4)));

        var decision = Feed(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.4, 0.4));

        Assert.Equal(70, decision?.AtStep);
    }

    [Fact]
    public void A_noisy_curve_that_crosses_the_target_back_and_forth_before_the_cap_is_not_stopped()
    {
        var race = WithIncumbent();

        Assert.Null(Feed(race, Config(2, 0), Curve(10, 0.7, 0.45, 0.55, 0.4, 0.6, 0.45, 0.49, 0.3, 0.48, 0.2)));
    }

    [Fact]
    public void A_configuration_whose_seed_does_not_hold_the_target_is_no_incumbent()
    {
        var race = Race();
        Assert.Null(Run(race, Config(0, 0), Curve(10, 0.9, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3)));
        Assert.Null(Run(race, Config(0, 1), Curve(10, 0.9, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.6)));

        Assert.Null(Feed(race, Config(1, 0), Curve(10, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9)));
    }

    [Fact]
    public void Held_steps_to_target_is_the_first_point_from_which_the_loss_stays_at_or_below_it()
    {
        Assert.Equal(40, RaceRule.HeldStepsToTarget(Curve(10, 0.9, 0.4, 0.6, 0.5, 0.2), Target));
        Assert.Null(RaceRule.HeldStepsToTarget(Curve(10, 0.4, 0.4, double.NaN), Target));
    }
}

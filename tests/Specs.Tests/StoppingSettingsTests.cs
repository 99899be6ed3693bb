using Sweep.Specs;

namespace Sweep.Specs.Tests;

public class StoppingSettingsTests
{
    [Fact]
    public void A_spec_without_stopping_runs_every_trial_to_its_budget()
    {
        var spec = TestSpecs.Parse("""{ "name": "s" }""");

        Assert.Equal(StoppingSettings.None, spec.Stopping);
        Assert.False(spec.Stopping.IsActive);
    }

    [Fact]
    public void Asha_reads_its_keys_and_defaults_the_rest_like_ray_tune_and_optuna()
    {
        var spec = TestSpecs.Parse("""{ "name": "s", "stopping": { "rule": "asha", "min_steps": 50, "mode": "async" } }""");

        Assert.Equal(new StoppingSettings(StopRuleKind.Asha, "val_loss", 4, 50, RungMode.Async), spec.Stopping);
    }

    [Fact]
    public void Asha_accepts_the_synchronous_mode_for_budgets_in_steps_and_stores_it()
    {
        var spec = TestSpecs.Parse("""{ "name": "s", "steps": 100, "stopping": { "rule": "asha", "eta": 2, "mode": "sync" } }""");

        Assert.Equal(new StoppingSettings(StopRuleKind.Asha, "val_loss", 2, 0, RungMode.Sync), spec.Stopping);
        Assert.Equal(spec.Stopping, SpecParser.Parse(spec.ToStoredJson(), "sweep.json").Stopping);
    }

    [Fact]
    public void The_synchronous_mode_refuses_a_budget_in_epochs_at_the_mode_line()
    {
        var error = Assert.Single(TestSpecs.ParseFails("""
            { "name": "s", "axes": { "lr": [0.1, 0.2] },
              "stopping": { "rule": "asha", "mode": "sync" } }
            """).Errors);

        Assert.Equal("stopping.mode", error.Path);
        Assert.Contains("\"steps\" instead of \"epochs\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Median_defaults_to_five_startup_trials()
    {
        var spec = TestSpecs.Parse("""{ "name": "s", "stopping": { "rule": "median", "metric": "train_loss", "grace_steps": 100 } }""");

        Assert.Equal(StopRuleKind.Median, spec.Stopping.Rule);
        Assert.Equal("train_loss", spec.Stopping.Metric);
        Assert.Equal(100, spec.Stopping.GraceSteps);
        Assert.Equal(5, spec.Stopping.StartupTrials);
    }

    [Fact]
    public void A_rule_name_alone_takes_the_rules_defaults()
    {
        Assert.Equal(new StoppingSettings(StopRuleKind.Median), TestSpecs.Parse("""{ "name": "s", "stopping": "median" }""").Stopping);
    }

    [Fact]
    public void Race_reads_the_target_from_the_spec()
    {
        var spec = TestSpecs.Parse("""{ "name": "s", "target_loss": 0.3, "stopping": { "rule": "race", "slack": 1.5 } }""");

        Assert.Equal(new StoppingSettings(StopRuleKind.Race, Slack: 1.5), spec.Stopping);
        Assert.Equal(0.3, spec.RaceTarget);
    }

    [Fact]
    public void A_race_without_a_target_is_refused_with_the_reason()
    {
        var error = Assert.Single(TestSpecs.ParseFails("""{ "name": "s", "stopping": { "rule": "race" } }""").Errors);

        Assert.Equal("stopping.rule", error.Path);
        Assert.Contains("target_loss", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("""{ "rule": "ashe" }""", "stopping.rule", "did you mean 'asha'")]
    [InlineData("""{ "rule": "asha", "eta": 1 }""", "stopping.eta", "2..100")]
    [InlineData("""{ "rule": "asha", "metric": "val_los" }""", "stopping.metric", "did you mean 'val_loss'")]
    [InlineData("""{ "rule": "asha", "slack": 2 }""", "stopping.slack", "not read by rule asha")]
    [InlineData("""{ "rule": "median", "startup_trials": -1 }""", "stopping.startup_trials", "0..1000000")]
    [InlineData("""{ "rule": "median", "grace": 3 }""", "stopping.grace", "unknown key 'grace'")]
    [InlineData("""{ "eta": 3 }""", "stopping", "needs 'rule'")]
    [InlineData("""{ "rule": "asha", "mode": "sync" }""", "stopping.mode", "budget in steps")]
    [InlineData("""{ "rule": "asha", "mode": "snyc" }""", "stopping.mode", "did you mean 'sync'")]
    [InlineData("""{ "rule": "median", "mode": "sync" }""", "stopping.mode", "'mode' is not read by rule median")]
    [InlineData("""{ "rule": "race", "mode": "sync" }""", "stopping.mode", "'mode' is not read by rule race")]
    [InlineData("""[1]""", "stopping", "must be an object")]
    public void Bad_stopping_settings_name_the_field_and_the_problem(string section, string path, string message)
    {
        var error = Assert.Single(TestSpecs.ParseFails($$"""{ "name": "s", "stopping": {{section}} }""").Errors);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_is_not_part_of_the_sweep_id_but_is_stored_and_parses_back()
    {
        var plain = TestSpecs.Parse("""{ "name": "s", "target_loss": 0.3 }""");
        var racing = TestSpecs.Parse("""{ "name": "s", "target_loss": 0.3, "stopping": { "rule": "race", "slack": 1.5 } }""");

        Assert.Equal(plain.SweepId, racing.SweepId);
        Assert.DoesNotContain("stopping", racing.ToCanonicalJson(), StringComparison.Ordinal);
        var stored = SpecParser.Parse(racing.ToStoredJson(), "sweep.json");
        Assert.Equal(racing.Stopping, stored.Stopping);
    }

    [Fact]
    public void The_override_keeps_the_sections_settings_for_the_same_rule_and_refuses_a_race_without_target()
    {
        var spec = TestSpecs.Parse("""{ "name": "s", "stopping": { "rule": "asha", "eta": 3 } }""");

        Assert.Equal(3, spec.WithStoppingRule(StopRuleKind.Asha).Stopping.Eta);
        Assert.Equal(new StoppingSettings(StopRuleKind.Median), spec.WithStoppingRule(StopRuleKind.Median).Stopping);
        Assert.Equal(StopRuleKind.Asha, spec.Stopping.Rule);
        var error = Assert.Throws<SpecException>(() => spec.WithStoppingRule(StopRuleKind.Race));
        Assert.Contains("target_loss", error.Message, StringComparison.Ordinal);
    }
}

using Sweep.Actors.Scheduling;
using Sweep.Specs;

namespace Sweep.Actors.Tests.Scheduling;

public sealed class DispatchOrderTests
{
    private static SweepSpec Spec(string stopping) => SpecParser.Parse($$"""
        {
          "name": "order",
          "target_loss": 0.2,
          "steps": 100,
          "axes": { "optimizer": ["sgd", "adam"], "lr": [0.01, 0.1] },
          "seeds": [7, 3]{{stopping}}
        }
        """, "order.json");

    [Fact]
    public void Without_a_stopping_rule_trials_keep_the_spec_order()
    {
        var spec = Spec("");

        Assert.Equal(spec.EnumerateTrials(), DispatchOrder.For(spec));
    }

    [Theory]
    [InlineData("race")]
    [InlineData("asha")]
    [InlineData("median")]
    public void With_a_stopping_rule_every_configuration_runs_its_first_seed_before_any_runs_its_second(string rule)
    {
        var spec = Spec($$""", "stopping": { "rule": "{{rule}}" }""");

        var order = DispatchOrder.For(spec).ToList();

        // Same trials, each once; seeds in the spec's order (7 before 3); within a seed, configurations by configuration id.
        Assert.Equal(spec.EnumerateTrials().OrderBy(c => c.ToString()), order.OrderBy(c => c.ToString()));
        Assert.Equal([7, 7, 7, 7, 3, 3, 3, 3], order.Select(c => c.Seed));
        var configurations = spec.EnumerateTrials().Where(c => c.Seed == 7)
            .OrderBy(c => TrialId.Of(c with { Seed = 0 }).ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(configurations, order.Take(4));
        Assert.Equal(configurations.Select(c => c with { Seed = 3 }), order.Skip(4));
        Assert.Equal(order, DispatchOrder.For(spec));
    }
}

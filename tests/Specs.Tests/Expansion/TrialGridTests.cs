namespace Sweep.Specs.Tests.Expansion;

public class TrialGridTests
{
    [Fact]
    public void Counting_by_inclusion_exclusion_and_by_walking_agree_with_enumeration()
    {
        // Overlapping rules: 3 rules (inclusion-exclusion) and 14 rules (walking the rule axes).
        const string Axes = """ "axes": { "width": [1, 2, 3, 4], "depth": [1, 2, 3], "norm": ["none", "batchnorm", "layernorm"], "batch_size": [2, 4, 8] } """;
        SweepSpec few = TestSpecs.Parse($$"""
            { "name": "few", {{Axes}}, "exclude": [
                { "width": [1, 2], "depth": 1 }, { "depth": [1, 2], "norm": "batchnorm" }, { "width": 1, "batch_size": [2, 4] } ] }
            """);
        string manyRules = string.Join(", ", Enumerable.Range(0, 14).Select(i => $$"""{ "width": {{i % 4 + 1}}, "batch_size": {{2 << (i % 3)}}, "depth": {{i % 3 + 1}} }"""));
        SweepSpec many = TestSpecs.Parse($$"""{ "name": "many", {{Axes}}, "exclude": [ {{manyRules}} ] }""");

        Assert.Equal(few.EnumerateTrials().LongCount(), few.CountTrials());
        Assert.Equal(many.EnumerateTrials().LongCount(), many.CountTrials());
        Assert.True(few.CountTrials() < 108);
        Assert.True(many.CountTrials() < 108);
    }

    [Fact]
    public void A_spec_without_axes_is_one_trial_per_seed()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "seeds", "seeds": [4, 9, 2] }""");

        Assert.Equal([4L, 9L, 2L], spec.EnumerateTrials().Select(t => t.Seed));
    }

    [Fact]
    public void Each_enumeration_starts_from_the_beginning()
    {
        SweepSpec spec = TestSpecs.Parse(TestSpecs.Grid);
        IEnumerable<Sweep.Engine.Config.TrialConfig> trials = spec.EnumerateTrials();

        var first = trials.Take(5).ToList();
        var second = trials.Take(5).ToList();

        Assert.Equal(first, second);
    }
}

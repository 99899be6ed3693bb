namespace Sweep.Specs.Tests;

public class SpecLimitsTests
{
    [Fact]
    public void Up_to_the_limit_needs_no_force()
    {
        Assert.Null(SpecLimits.TooManyTrialsMessage(SpecLimits.MaxTrialsWithoutForce, force: false));
    }

    [Fact]
    public void Past_the_limit_the_message_names_the_count_and_force()
    {
        string? message = SpecLimits.TooManyTrialsMessage(SpecLimits.MaxTrialsWithoutForce + 1, force: false);

        Assert.NotNull(message);
        Assert.Contains("100,001", message, StringComparison.Ordinal);
        Assert.Contains("-Force", message, StringComparison.Ordinal);
        Assert.Null(SpecLimits.TooManyTrialsMessage(SpecLimits.MaxTrialsWithoutForce + 1, force: true));
    }

    [Fact]
    public void EnsureWithinLimit_throws_a_spec_exception_for_a_large_sweep_without_force()
    {
        string values = string.Join(", ", Enumerable.Range(1, 400));
        SweepSpec spec = TestSpecs.Parse($$"""{ "name": "big", "axes": { "width": [{{values}}], "depth": [{{values}}] } }""");

        SpecException error = Assert.Throws<SpecException>(() => SpecLimits.EnsureWithinLimit(spec, "big.json", force: false));

        Assert.Contains("160,000", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
        SpecLimits.EnsureWithinLimit(spec, "big.json", force: true);
        SpecLimits.EnsureWithinLimit(TestSpecs.Parse(TestSpecs.Grid), "grid.json", force: false);
    }
}

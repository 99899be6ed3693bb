using Sweep.Specs.Parsing;

namespace Sweep.Specs.Tests.Parsing;

public class SuggestionsTests
{
    [Theory]
    [InlineData("batchsize", "batch_size")]
    [InlineData("optimiser", "optimizer")]
    [InlineData("lerning_rate", null)]
    [InlineData("dpeth", "depth")]
    [InlineData("Depth", "depth")]
    [InlineData("weight-decay", "weight_decay")]
    public void The_closest_name_is_suggested_only_when_it_is_close(string typed, string? expected)
    {
        Assert.Equal(expected, Suggestions.Closest(typed, ["batch_size", "optimizer", "depth", "weight_decay", "lr"]));
    }

    [Theory]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int distance)
    {
        Assert.Equal(distance, Suggestions.EditDistance(a, b));
        Assert.Equal(distance, Suggestions.EditDistance(b, a));
    }
}

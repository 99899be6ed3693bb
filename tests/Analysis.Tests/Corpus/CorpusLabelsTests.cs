namespace Sweep.Analysis.Tests.Corpus;

public sealed class CorpusLabelsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"corpus-labels-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Rows_are_keyed_by_grid_config_and_seed_with_quoted_fields_and_flag_lists()
    {
        File.WriteAllLines(_file,
        [
            "grid,config,seed,diagnosis,flags,why",
            "stalled-zero-init,activation=relu,2,stalled,vanishing-gradients;dead-relus,\"flat at chance, 1.10\"",
            "unstable-rmsprop,lr=1,0,unstable,,\"first mean \"\"15,100\"\"\"",
        ]);

        var labels = CorpusLabels.Read(_file);

        var zero = labels[new CorpusKey("stalled-zero-init", "activation=relu", 2)];
        Assert.Equal("stalled", zero.Diagnosis);
        Assert.Equal(["vanishing-gradients", "dead-relus"], zero.Flags);
        Assert.Equal("flat at chance, 1.10", zero.Why);
        var rmsprop = labels[new CorpusKey("unstable-rmsprop", "lr=1", 0)];
        Assert.Empty(rmsprop.Flags);
        Assert.Equal("first mean \"15,100\"", rmsprop.Why);
    }

    [Theory]
    [InlineData("g,base,0,overfit,,x", ":2: diagnosis 'overfit' is not one of")]
    [InlineData("g,base,0,stalled,target-not-reached,x", ":2: flag 'target-not-reached' is not one of")]
    [InlineData("g,base,zero,stalled,,x", ":2: seed 'zero' is not an integer")]
    [InlineData("g,base,0,stalled", ":2: 4 fields, expected 6")]
    [InlineData("g,base,0,stalled,,\"open", ":2: a quoted field is not closed")]
    public void A_bad_row_is_reported_with_the_file_line_and_problem(string row, string expected)
    {
        File.WriteAllLines(_file, ["grid,config,seed,diagnosis,flags,why", row]);

        var error = Assert.Throws<FormatException>(() => CorpusLabels.Read(_file));

        Assert.Contains(_file + expected, error.Message);
    }

    [Fact]
    public void A_second_label_for_one_trial_is_refused()
    {
        File.WriteAllLines(_file, ["grid,config,seed,diagnosis,flags,why", "g,base,0,stalled,,a", "g,base,0,converged,,b"]);

        var error = Assert.Throws<FormatException>(() => CorpusLabels.Read(_file));

        Assert.Contains(":3: a second label for g,base,0", error.Message);
    }

    [Fact]
    public void A_wrong_header_is_refused()
    {
        File.WriteAllLines(_file, ["grid,config,seed,label", "g,base,0,stalled"]);

        var error = Assert.Throws<FormatException>(() => CorpusLabels.Read(_file));

        Assert.Contains(_file + ":1: the header must be 'grid,config,seed,diagnosis,flags,why'", error.Message);
    }
}

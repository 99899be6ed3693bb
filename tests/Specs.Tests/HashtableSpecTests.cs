using System.Collections;
using System.Collections.Specialized;

namespace Sweep.Specs.Tests;

/// <summary>SpecParser.FromDictionary: specs as PowerShell hashtables and .psd1 data.</summary>
public class HashtableSpecTests
{
    private static Hashtable GridAsHashtable() => new()
    {
        ["name"] = "grid",
        ["dataset"] = "spirals",
        ["base"] = new Hashtable { ["width"] = 16, ["lr"] = 0.05 },
        ["steps"] = 100,
        ["axes"] = new Hashtable
        {
            ["optimizer"] = new object[] { "sgd", "momentum", "adam" },
            ["norm"] = new object[] { "none", "batchnorm" },
            ["depth"] = new object[] { 2, 4 },
        },
        ["seeds"] = 2,
    };

    [Fact]
    public void A_hashtable_and_the_same_json_are_the_same_sweep()
    {
        SweepSpec fromHashtable = SpecParser.FromDictionary(GridAsHashtable(), "hashtable");
        SweepSpec fromJson = TestSpecs.Parse(TestSpecs.Grid);

        Assert.Equal(fromJson.SweepId, fromHashtable.SweepId);
        Assert.Equal(fromJson.EnumerateTrials(), fromHashtable.EnumerateTrials());
    }

    [Fact]
    public void Keys_are_case_insensitive_as_in_PowerShell()
    {
        var spec = new Hashtable
        {
            ["Name"] = "cased",
            ["Axes"] = new Hashtable { ["Optimizer"] = new object[] { "sgd", "adam" }, ["BATCH_SIZE"] = new object[] { 8, 16 } },
            ["Seeds"] = 3,
        };

        SweepSpec parsed = SpecParser.FromDictionary(spec, "hashtable");

        Assert.Equal(["optimizer", "batch_size"], parsed.Axes.Select(a => a.Field));
        Assert.Equal(12, parsed.CountTrials());
    }

    [Fact]
    public void Ordered_dictionaries_lists_and_PowerShell_number_types_are_accepted()
    {
        var axes = new OrderedDictionary
        {
            ["lr"] = new List<object> { 0.1m, 1, 0.01f },
            ["depth"] = new ArrayList { (long)2, 3.0 },
        };
        var spec = new OrderedDictionary { ["name"] = "typed", ["axes"] = axes, ["seeds"] = new object[] { (short)5, 9L } };

        SweepSpec parsed = SpecParser.FromDictionary(spec, "hashtable");

        Assert.Equal([2, 3], parsed.Axes.Single(a => a.Field == "depth").Values);
        Assert.Equal(3, parsed.Axes.Single(a => a.Field == "lr").Values.Count);
        Assert.All(parsed.Axes.Single(a => a.Field == "lr").Values, v => Assert.IsType<double>(v));
        Assert.Equal([5L, 9L], parsed.Seeds);
    }

    [Fact]
    public void Errors_carry_paths_but_no_positions()
    {
        var spec = new Hashtable
        {
            ["name"] = "bad",
            ["base"] = new Hashtable { ["lr"] = -1, ["batchsize"] = 4 },
            ["axes"] = new Hashtable { ["optimizer"] = new object[] { "sgd", "adamx" } },
        };

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.FromDictionary(spec, "hashtable"));

        Assert.Equal(3, error.Errors.Count);
        Assert.All(error.Errors, e => Assert.Null(e.Line));
        Assert.Contains(error.Errors, e => e.Path == "base.lr" && e.Message == "must be > 0, not -1");
        Assert.Contains(error.Errors, e => e.Path == "base.batchsize" && e.Message.Contains("did you mean 'batch_size'?", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "axes.optimizer[1]");
        Assert.Contains("hashtable: base.lr: must be > 0, not -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_that_differ_only_in_case_are_duplicates()
    {
        var spec = new OrderedDictionary(StringComparer.Ordinal) { ["name"] = "a", ["Name"] = "b" };

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.FromDictionary(spec, "hashtable"));

        Assert.Contains(error.Errors, e => e.Path == "name" && e.Message.Contains("duplicate key", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_of_unsupported_types_are_reported_with_their_type()
    {
        var spec = new Hashtable { ["name"] = "dated", ["base"] = new Hashtable { ["lr"] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) } };

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.FromDictionary(spec, "hashtable"));

        SpecError problem = Assert.Single(error.Errors);
        Assert.Equal("base.lr", problem.Path);
        Assert.Contains("DateTime", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scalar_where_a_list_belongs_points_to_base()
    {
        var spec = new Hashtable { ["name"] = "scalar", ["axes"] = new Hashtable { ["optimizer"] = "adam" } };

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.FromDictionary(spec, "hashtable"));

        Assert.Contains("base.optimizer", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }
}

using System.Collections;
using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

/// <summary>The <c>grids</c> key: a union of named grids, each trial once, counted exactly.</summary>
public class SweepSpecGridsTests
{
    /// <summary>Grid "small" (2 x 2 combinations) and grid "wide" (2 x 3, one excluded) share depth 2 x norm none/batchnorm at width 32.</summary>
    private const string Overlapping = """
        {
          "name": "overlap",
          "dataset": "spirals",
          "base": { "width": 32, "lr": 0.05 },
          "steps": 100,
          "seeds": 2,
          "grids": [
            { "name": "small", "axes": { "depth": [2, 4], "norm": ["none", "batchnorm"] } },
            { "name": "wide", "base": { "depth": 2 }, "axes": { "norm": ["none", "batchnorm", "layernorm"], "width": [32, 64] },
              "exclude": [ { "norm": "layernorm", "width": 64 } ] }
          ]
        }
        """;

    [Fact]
    public void Overlapping_grids_run_each_trial_once_and_count_the_union_exactly()
    {
        SweepSpec spec = TestSpecs.Parse(Overlapping);
        var trials = spec.EnumerateTrials().ToList();

        Assert.Equal(trials.Count, spec.CountTrials());
        Assert.Equal(trials.Count, trials.Select(TrialId.Of).Distinct().Count());
        long separately = spec.Grids.Sum(g => g.Spec.CountTrials());
        Assert.True(trials.Count < separately, "the shared combinations should run once");
        var expected = spec.Grids.SelectMany(g => g.Spec.EnumerateTrials()).Select(TrialId.Of).Distinct().ToHashSet();
        Assert.Equal(expected, trials.Select(TrialId.Of).ToHashSet());
    }

    [Fact]
    public void A_trial_belongs_to_the_first_grid_that_produces_it()
    {
        SweepSpec spec = TestSpecs.Parse(Overlapping);
        SpecGrid small = spec.Grids[0];
        SpecGrid wide = spec.Grids[1];

        Assert.All(small.Spec.EnumerateTrials(), t => Assert.Equal("small", spec.GridOf(t)));
        Assert.All(wide.Spec.EnumerateTrials(), t => Assert.Equal(
            t.Width == 32 && t.Norm != "layernorm" ? "small" : "wide", spec.GridOf(t)));
        TrialConfig excluded = wide.Spec.EnumerateTrials().First() with { Norm = "layernorm", Width = 64 };
        Assert.Null(spec.GridOf(excluded));
        Assert.Null(spec.GridOf(small.Spec.EnumerateTrials().First() with { Seed = 99 }));
        Assert.Null(TestSpecs.Parse(TestSpecs.Grid).GridOf(TestSpecs.Parse(TestSpecs.Grid).EnumerateTrials().First()));
    }

    [Fact]
    public void Grids_inherit_top_level_settings_and_override_them()
    {
        SweepSpec spec = TestSpecs.Parse(Overlapping);

        Assert.All(spec.Grids[0].Spec.EnumerateTrials(), t => Assert.Equal(0.05, t.Lr));
        Assert.All(spec.Grids[1].Spec.EnumerateTrials(), t => Assert.Equal(2, t.Depth));
        Assert.Contains(64, spec.Grids[1].Spec.EnumerateTrials().Select(t => t.Width));
        Assert.Equal(["small", "wide"], spec.Grids.Select(g => g.Name));
        Assert.Equal([2, 4], spec.Axes.Single(a => a.Field == "depth").Values.Cast<int>());
        Assert.Equal([32, 64], spec.Axes.Single(a => a.Field == "width").Values.Cast<int>());
        Assert.Equal(0.05, spec.Base.Lr);
    }

    [Fact]
    public void Sampled_grids_share_points_and_still_count_exactly()
    {
        string json = Overlapping.Replace("\"seeds\": 2,", "\"seeds\": 2, \"sample\": { \"count\": 3, \"params\": { \"weight_decay\": { \"log_uniform\": [1e-6, 1e-2] } } },");
        SweepSpec spec = TestSpecs.Parse(json);
        var trials = spec.EnumerateTrials().ToList();

        Assert.Equal(trials.Count, spec.CountTrials());
        Assert.Equal(trials.Count, trials.Select(TrialId.Of).Distinct().Count());
        Assert.Equal(spec.Grids.SelectMany(g => g.Spec.EnumerateTrials()).Select(TrialId.Of).Distinct().Count(), trials.Count);
        Assert.All(trials, t => Assert.NotNull(spec.GridOf(t)));
    }

    [Fact]
    public void The_canonical_form_of_grids_parses_back_to_the_same_sweep()
    {
        SweepSpec spec = TestSpecs.Parse(Overlapping);
        SweepSpec again = TestSpecs.Parse(spec.ToCanonicalJson());

        Assert.Equal(spec.ToCanonicalJson(), again.ToCanonicalJson());
        Assert.Equal(spec.SweepId, again.SweepId);
        Assert.Equal(spec.EnumerateTrials().Select(TrialId.Of), again.EnumerateTrials().Select(TrialId.Of));
        Assert.Contains("\"grids\"", spec.ToCanonicalJson());
    }

    [Fact]
    public void Changing_or_reordering_a_grid_changes_the_sweep_id()
    {
        SweepSpec spec = TestSpecs.Parse(Overlapping);

        Assert.NotEqual(spec.SweepId, TestSpecs.Parse(Overlapping.Replace("[2, 4]", "[2, 8]")).SweepId);
        Assert.NotEqual(spec.SweepId, TestSpecs.Parse(Overlapping.Replace("\"wide\"", "\"wider\"")).SweepId);
    }

    [Fact]
    public void A_spec_without_grids_has_no_grids_and_its_canonical_form_has_none()
    {
        SweepSpec spec = TestSpecs.Parse(TestSpecs.Grid);

        Assert.Empty(spec.Grids);
        Assert.DoesNotContain("grids", spec.ToCanonicalJson());
        Assert.StartsWith("{\n  \"axes\": {", spec.ToCanonicalJson());
    }

    /// <summary>Run folders record the sweep id: adding grids to the format must not change the id of a spec without them.</summary>
    [Fact]
    public void A_spec_without_grids_keeps_the_sweep_id_it_had_before_grids_existed()
    {
        // Computed by the spec code of commit c31fabf, before the grids key existed.
        Assert.Equal("cae79367e022bbe8", TestSpecs.Parse(TestSpecs.Grid).SweepId);
    }

    /// <summary>Trials are canonical (momentum null becomes 0.9 for the momentum optimizer), yet still belong to the grid that lists null.</summary>
    [Fact]
    public void Membership_looks_through_canonical_defaults()
    {
        SweepSpec spec = TestSpecs.Parse("""
            { "name": "x", "steps": 50, "base": { "optimizer": "momentum" },
              "grids": [ { "name": "a", "axes": { "momentum": [null, 0.5] } }, { "name": "b", "axes": { "momentum": [0.9, 0.5, 0.99] } } ] }
            """);
        var trials = spec.EnumerateTrials().ToList();

        Assert.Equal([0.9, 0.5, 0.99], trials.Select(t => t.Momentum));
        Assert.Equal(3, spec.CountTrials());
        Assert.Equal(["a", "a", "b"], trials.Select(spec.GridOf));
    }

    [Fact]
    public void A_grid_may_vary_a_setting_the_top_level_fixes()
    {
        SweepSpec spec = TestSpecs.Parse("""
            { "name": "x", "base": { "depth": 4 }, "steps": 50,
              "grids": [ { "name": "a" }, { "name": "b", "axes": { "depth": [2, 8] } } ] }
            """);

        Assert.Equal([4, 2, 8], spec.EnumerateTrials().Select(t => t.Depth));
        Assert.Equal(3, spec.CountTrials());
    }

    [Fact]
    public void Grids_work_from_hashtables()
    {
        var table = new Hashtable
        {
            ["name"] = "overlap",
            ["dataset"] = "spirals",
            ["base"] = new Hashtable { ["width"] = 32, ["lr"] = 0.05 },
            ["steps"] = 100,
            ["seeds"] = 2,
            ["grids"] = new object[]
            {
                new Hashtable { ["name"] = "small", ["axes"] = new Hashtable { ["depth"] = new object[] { 2, 4 }, ["norm"] = new object[] { "none", "batchnorm" } } },
                new Hashtable
                {
                    ["name"] = "wide",
                    ["base"] = new Hashtable { ["depth"] = 2 },
                    ["axes"] = new Hashtable { ["norm"] = new object[] { "none", "batchnorm", "layernorm" }, ["width"] = new object[] { 32, 64 } },
                    ["exclude"] = new object[] { new Hashtable { ["norm"] = "layernorm", ["width"] = 64 } },
                },
            },
        };

        Assert.Equal(TestSpecs.Parse(Overlapping).SweepId, SpecParser.FromDictionary(table, "hashtable").SweepId);
    }

    [Fact]
    public void Errors_inside_a_grid_name_its_path()
    {
        SpecException error = TestSpecs.ParseFails("""
            { "name": "x", "steps": 50, "grids": [ { "name": "a" }, { "name": "b" },
              { "name": "c", "axes": { "norm": ["none", "batchnrm"] } } ] }
            """);

        Assert.Contains(error.Errors, e => e.Path == "grids[2].axes.norm[1]" && e.Message.Contains("did you mean 'batchnorm'", StringComparison.Ordinal));
    }
}

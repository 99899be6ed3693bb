using System.Text.Json;
using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

public class SweepSpecTests
{
    private const string Full = """
        {
          "name": "full",
          "dataset": { "dataset": "blobs", "features": 4 },
          "base": { "width": 8, "weight_decay": 0.0001 },
          "steps": 50,
          "axes": { "optimizer": ["sgd", "adam"], "norm": ["none", "batchnorm", "layernorm"], "batch_size": [1, 16] },
          "exclude": [ { "norm": ["batchnorm"], "batch_size": 1 } ],
          "sample": { "count": 3, "sampler": "random", "sampler_seed": 11,
                      "params": { "lr": { "log_uniform": [0.0001, 1] }, "depth": { "int_uniform": [1, 6] } } },
          "seeds": [3, 5],
          "ranking": { "target_loss": 0.2, "by": "steps_to_target" }
        }
        """;

    [Fact]
    public void The_sweep_id_is_sixteen_lowercase_hex_characters_of_the_canonical_json()
    {
        SweepSpec spec = TestSpecs.Parse(Full);

        Assert.Matches("^[0-9a-f]{16}$", spec.SweepId);
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(spec.ToCanonicalJson())))[..16],
            spec.SweepId);
    }

    [Theory]
    [InlineData(Full)]
    [InlineData(TestSpecs.Grid)]
    [InlineData("""{ "name": "bare" }""")]
    [InlineData("""{ "name": "sobol", "sample": { "count": 4, "params": { "lr": { "uniform": [0.01, 0.5] } } } }""")]
    public void Parsing_the_canonical_json_gives_the_same_spec_back(string json)
    {
        SweepSpec spec = TestSpecs.Parse(json);

        SweepSpec again = SpecParser.Parse(spec.ToCanonicalJson(), "canonical.json");

        Assert.Equal(spec.ToCanonicalJson(), again.ToCanonicalJson());
        Assert.Equal(spec.SweepId, again.SweepId);
        Assert.Equal(spec.EnumerateTrials(), again.EnumerateTrials());
        Assert.Equal(spec.Ranking, again.Ranking);
    }

    [Fact]
    public void Key_order_number_forms_and_seed_forms_do_not_change_the_sweep_id()
    {
        SweepSpec first = TestSpecs.Parse("""
            { "name": "same", "seeds": 3, "base": { "lr": 0.10, "depth": 4.0 }, "axes": { "norm": ["none", "layernorm"] }, "epochs": 2 }
            """);
        SweepSpec second = TestSpecs.Parse("""
            { "axes": { "norm": ["none", "layernorm"] }, "epochs": 2, "base": { "depth": 4, "lr": 1e-1 }, "seeds": [0, 1, 2], "name": "same" }
            """);
        SweepSpec defaultsWritten = TestSpecs.Parse("""
            { "name": "same", "seeds": 3, "base": { "lr": 0.1, "depth": 4, "width": 64, "optimizer": "sgd" }, "axes": { "norm": ["none", "layernorm"] }, "epochs": 2 }
            """);

        Assert.Equal(first.SweepId, second.SweepId);
        Assert.Equal(first.SweepId, defaultsWritten.SweepId);
    }

    [Theory]
    [InlineData("""{ "name": "other", "axes": { "depth": [2, 4] } }""")]
    [InlineData("""{ "name": "base", "axes": { "depth": [4, 2] } }""")]
    [InlineData("""{ "name": "base", "axes": { "depth": [2, 4] }, "seeds": 2 }""")]
    [InlineData("""{ "name": "base", "axes": { "depth": [2, 4] }, "base": { "lr": 0.02 } }""")]
    [InlineData("""{ "name": "base", "axes": { "depth": [2, 4, 8] } }""")]
    [InlineData("""{ "name": "base", "axes": { "depth": [2, 4] }, "ranking": { "by": "auc" } }""")]
    public void A_different_sweep_has_a_different_id(string other)
    {
        SweepSpec reference = TestSpecs.Parse("""{ "name": "base", "axes": { "depth": [2, 4] } }""");

        Assert.NotEqual(reference.SweepId, TestSpecs.Parse(other).SweepId);
    }

    [Fact]
    public void Canonical_json_has_sorted_keys_and_every_fixed_setting()
    {
        SweepSpec spec = TestSpecs.Parse(Full);

        using JsonDocument document = JsonDocument.Parse(spec.ToCanonicalJson());
        AssertSorted(document.RootElement);
        var baseKeys = document.RootElement.GetProperty("base").EnumerateObject().Select(p => p.Name).ToHashSet();
        var varied = new[] { "optimizer", "norm", "batch_size", "lr", "depth", "seed" };
        Assert.Equal(ConfigSchema.Names.Except(varied).ToHashSet(), baseKeys);
    }

    [Fact]
    public void Count_matches_enumeration_with_excludes_samples_and_seeds()
    {
        SweepSpec spec = TestSpecs.Parse(Full);

        // 2 optimizers x (3 norms x 2 batch sizes - 1 excluded) x 3 points x 2 seeds
        Assert.Equal(2 * 5 * 3 * 2, spec.CountTrials());
        Assert.Equal(spec.CountTrials(), spec.EnumerateTrials().LongCount());
    }

    [Fact]
    public void Excluded_trials_are_exactly_those_matching_a_rule()
    {
        const string Grid = """
            { "name": "rules", "axes": { "optimizer": ["sgd", "adam"], "norm": ["none", "batchnorm", "layernorm"], "depth": [2, 3, 4] }, "seeds": 2 RULES }
            """;
        SweepSpec withRules = TestSpecs.Parse(Grid.Replace("RULES", """, "exclude": [ { "norm": "layernorm", "depth": [2, 3] }, { "optimizer": "adam", "depth": 3 } ]""", StringComparison.Ordinal));
        SweepSpec withoutRules = TestSpecs.Parse(Grid.Replace("RULES", "", StringComparison.Ordinal));

        var expected = withoutRules.EnumerateTrials()
            .Where(t => !(t.Norm == "layernorm" && t.Depth is 2 or 3) && !(t.Optimizer == "adam" && t.Depth == 3))
            .ToList();

        Assert.Equal(expected, withRules.EnumerateTrials());
        Assert.Equal(expected.Count, withRules.CountTrials());
        Assert.True(withoutRules.CountTrials() > withRules.CountTrials());
    }

    [Fact]
    public void Trials_come_in_a_fixed_order_seeds_fastest_then_the_last_axis()
    {
        SweepSpec spec = TestSpecs.Parse(TestSpecs.Grid);

        var trials = spec.EnumerateTrials().ToList();

        Assert.Equal(24, trials.Count);
        // Axes in ConfigSchema order: depth, norm, optimizer (fastest of the axes).
        Assert.Equal(["depth", "norm", "optimizer"], spec.Axes.Select(a => a.Field));
        Assert.Equal((2, "sgd", "none", 0L), Key(trials[0]));
        Assert.Equal((2, "sgd", "none", 1L), Key(trials[1]));
        Assert.Equal((2, "momentum", "none", 0L), Key(trials[2]));
        Assert.Equal((2, "sgd", "batchnorm", 0L), Key(trials[6]));
        Assert.Equal((4, "sgd", "none", 0L), Key(trials[12]));
        Assert.Equal((4, "adam", "batchnorm", 1L), Key(trials[23]));
        Assert.Equal(trials, spec.EnumerateTrials());

        static (int, string, string, long) Key(TrialConfig t) => (t.Depth, t.Optimizer, t.Norm, t.Seed);
    }

    [Fact]
    public void Every_trial_is_canonical_valid_and_distinct()
    {
        SweepSpec spec = TestSpecs.Parse(Full);

        var trials = spec.EnumerateTrials().ToList();

        Assert.All(trials, t => Assert.Equal(t.Canonical(), t));
        Assert.All(trials, t => Assert.Empty(t.Validate()));
        Assert.Equal(trials.Count, trials.Distinct().Count());
        Assert.All(trials, t => Assert.Equal(4, t.Features));
    }

    [Fact]
    public void Huge_grids_are_counted_without_being_listed()
    {
        // 10^4 values on each of three axes: 10^12 trials (times 2 seeds).
        string values = string.Join(", ", Enumerable.Range(1, 10_000));
        SweepSpec spec = TestSpecs.Parse($$"""
            { "name": "huge", "axes": { "width": [{{values}}], "warmup_steps": [{{values}}], "lr_step_size": [{{values}}] }, "seeds": 2,
              "exclude": [ { "width": [1, 2], "warmup_steps": 3 } ] }
            """);

        Assert.Equal(2 * (1_000_000_000_000L - 2 * 10_000), spec.CountTrials());
        Assert.NotNull(SpecLimits.TooManyTrialsMessage(spec.CountTrials(), force: false));
    }

    [Fact]
    public void Enumeration_retains_no_memory_per_trial()
    {
        string values = string.Join(", ", Enumerable.Range(1, 100));
        SweepSpec spec = TestSpecs.Parse($$"""
            { "name": "stream", "axes": { "width": [{{values}}], "depth": [{{values}}], "warmup_steps": [{{values}}] } }
            """);
        using IEnumerator<TrialConfig> trials = spec.EnumerateTrials().GetEnumerator();

        long Advance(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.True(trials.MoveNext());
            }

            return GC.GetTotalMemory(forceFullCollection: true);
        }

        long early = Advance(1_000);
        long late = Advance(299_000);

        Assert.True(late - early < 1_000_000, $"memory grew by {late - early} bytes over 299,000 trials");
    }

    private static void AssertSorted(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = element.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                AssertSorted(property.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                AssertSorted(item);
            }
        }
    }
}

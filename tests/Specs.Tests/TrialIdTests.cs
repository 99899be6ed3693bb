using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

public class TrialIdTests
{
    [Fact]
    public void An_id_is_sixteen_lowercase_hex_characters_of_sha256_over_the_canonical_text()
    {
        var config = new TrialConfig { Optimizer = "adam", Lr = 0.003, Seed = 7 };

        string id = TrialId.Of(config).ToString();

        Assert.Matches("^[0-9a-f]{16}$", id);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(TrialId.CanonicalText(config.Canonical())));
        Assert.Equal(Convert.ToHexStringLower(hash)[..16], id);
    }

    [Fact]
    public void The_same_trial_has_the_same_id_however_it_was_built()
    {
        var implicitDefaults = new TrialConfig { Optimizer = "momentum", Seed = 3 };
        var explicitDefaults = new TrialConfig { Optimizer = "momentum", Seed = 3, Momentum = 0.9, Eps = 1e-8 };
        var viaWith = new TrialConfig() with { Optimizer = "momentum" } with { Seed = 3 };

        Assert.Equal(TrialId.Of(implicitDefaults), TrialId.Of(explicitDefaults));
        Assert.Equal(TrialId.Of(implicitDefaults), TrialId.Of(viaWith));
        Assert.Equal(TrialId.Of(implicitDefaults), TrialId.Of(implicitDefaults.Canonical()));
    }

    public static TheoryData<string> FieldNames()
    {
        var names = new TheoryData<string>();
        foreach (string name in ConfigSchema.Names)
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(FieldNames))]
    public void Changing_any_field_changes_the_id(string name)
    {
        ConfigField field = ConfigSchema.Find(name)!;
        var config = new TrialConfig();

        TrialConfig changed = field.With(config, OtherValue(field, field.Get(config)));

        Assert.NotEqual(TrialId.Of(config), TrialId.Of(changed));
    }

    [Fact]
    public void Every_trial_of_a_large_grid_has_its_own_id()
    {
        SweepSpec spec = TestSpecs.Parse("""
            {
              "name": "ids",
              "axes": {
                "optimizer": ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"],
                "lr": [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1],
                "depth": [1, 2, 3, 4, 5, 6, 7, 8, 16, 32],
                "width": [8, 16, 32],
                "norm": ["none", "batchnorm", "layernorm"]
              },
              "seeds": 3
            }
            """);

        var ids = new HashSet<TrialId>();
        foreach (TrialConfig trial in spec.EnumerateTrials())
        {
            Assert.True(ids.Add(TrialId.Of(trial)), $"duplicate id for {trial}");
        }

        Assert.Equal(spec.CountTrials(), ids.Count);
    }

    [Fact]
    public void Strings_that_look_like_other_fields_cannot_collide()
    {
        var plain = new TrialConfig { DatasetPath = "a", LabelColumn = "b" };
        var injected = new TrialConfig { DatasetPath = "a\",\"label_column\":\"b", LabelColumn = "label" };
        var quoted = new TrialConfig { DatasetPath = "a\"", LabelColumn = "b" };
        var escaped = new TrialConfig { DatasetPath = "a\\", LabelColumn = "b" };

        TrialId[] ids = [TrialId.Of(plain), TrialId.Of(injected), TrialId.Of(quoted), TrialId.Of(escaped)];

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void The_canonical_text_is_json_of_every_field_sorted_by_name()
    {
        var config = new TrialConfig { DatasetPath = "data/\"x\"\n.csv", Lr = 1e-5, Momentum = 0.5, Seed = 12 };

        using JsonDocument document = JsonDocument.Parse(TrialId.CanonicalText(config));

        var names = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(ConfigSchema.Names.Order(StringComparer.Ordinal), names);
        Assert.Equal(config.DatasetPath, document.RootElement.GetProperty("dataset_path").GetString());
        Assert.Equal(1e-5, document.RootElement.GetProperty("lr").GetDouble());
        Assert.Equal(12, document.RootElement.GetProperty("seed").GetInt64());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("eps").ValueKind);
    }

    [Fact]
    public void Ids_agree_across_threads()
    {
        SweepSpec spec = TestSpecs.Parse(TestSpecs.Grid);
        var trials = spec.EnumerateTrials().ToList();
        TrialId[] sequential = [.. trials.Select(TrialId.Of)];

        TrialId[] parallel = [.. trials.AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(TrialId.Of)];

        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Text_round_trips_and_orders_as_the_id_does()
    {
        SweepSpec spec = TestSpecs.Parse(TestSpecs.Grid);
        TrialId[] ids = [.. spec.EnumerateTrials().Select(TrialId.Of)];

        Span<char> buffer = stackalloc char[TrialId.Length];
        foreach (TrialId id in ids)
        {
            Assert.Equal(id, TrialId.Parse(id.ToString()));
            Assert.True(id.TryFormat(buffer, out int written));
            Assert.Equal(id.ToString(), buffer[..written].ToString());
            Assert.Equal(id.ToString(), $"{id}");
        }

        Assert.Equal(ids.Select(id => id.ToString()).Order(StringComparer.Ordinal), ids.Order().Select(id => id.ToString()));
        Assert.Equal("000000000000002a", new TrialId(42).ToString());
        Assert.Equal(new TrialId(ulong.MaxValue), TrialId.Parse("ffffffffffffffff"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdef0")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("0123456789abcdeg")]
    [InlineData(" 123456789abcdef")]
    public void Malformed_text_is_refused_with_a_message_quoting_it(string text)
    {
        Assert.False(TrialId.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => TrialId.Parse(text));
        Assert.Equal($"'{text}' is not a trial id: expected 16 lowercase hex digits (0-9, a-f)", error.Message);
    }

    [Fact]
    public void A_long_malformed_text_is_quoted_cut_short()
    {
        string text = new('x', 500);

        var error = Assert.Throws<FormatException>(() => TrialId.Parse(text));

        Assert.StartsWith($"'{new string('x', 40)}...' is not a trial id", error.Message);
    }

    /// <summary>A value of the field's type that differs from <paramref name="current"/> and survives Canonical().</summary>
    private static object? OtherValue(ConfigField field, object? current) => field.Kind switch
    {
        FieldKind.String when field.AllowedValues is { } allowed => allowed.First(v => v != (string?)current),
        FieldKind.String => (string?)current + "x",
        FieldKind.Bool => !(bool)current!,
        FieldKind.Int => (int)current! + 1,
        FieldKind.Long => (long)current! + 1,
        _ => current is double d ? d / 2 + 0.001 : 0.5,
    };
}

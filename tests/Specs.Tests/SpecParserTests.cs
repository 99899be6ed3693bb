using System.Text;
using Sweep.Engine.Config;

namespace Sweep.Specs.Tests;

public class SpecParserTests
{
    [Fact]
    public void A_spec_with_only_a_name_is_one_trial_of_the_defaults()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "defaults" }""");

        Assert.Equal("defaults", spec.Name);
        Assert.Empty(spec.Axes);
        Assert.Equal([0L], spec.Seeds);
        Assert.Null(spec.Sample);
        Assert.Equal(new TrialConfig(), spec.Base);
        Assert.Equal(new TrialConfig().Canonical(), Assert.Single(spec.EnumerateTrials()));
    }

    [Fact]
    public void Dataset_settings_base_and_top_level_budget_all_fill_the_base()
    {
        SweepSpec spec = TestSpecs.Parse("""
            {
              "name": "filled",
              "dataset": { "dataset": "blobs", "samples": 500, "features": 5, "ill_scaled": true },
              "base": { "depth": 6, "lr": 0.003, "momentum": null },
              "epochs": 4,
              "eval_every": 10,
              "target_loss": 0.25
            }
            """);

        Assert.Equal("blobs", spec.Base.Dataset);
        Assert.Equal(500, spec.Base.Samples);
        Assert.Equal(5, spec.Base.Features);
        Assert.True(spec.Base.IllScaled);
        Assert.Equal(6, spec.Base.Depth);
        Assert.Equal(0.003, spec.Base.Lr);
        Assert.Null(spec.Base.Momentum);
        Assert.Equal(4, spec.Base.Epochs);
        Assert.Equal(10, spec.Base.EvalEvery);
        Assert.Equal(0.25, spec.Base.TargetLoss);
    }

    [Fact]
    public void A_dataset_given_as_a_string_names_the_dataset()
    {
        Assert.Equal("moons", TestSpecs.Parse("""{ "name": "m", "dataset": "moons" }""").Base.Dataset);
    }

    [Fact]
    public void Steps_without_epochs_turns_the_default_epoch_budget_off()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "s", "steps": 300 }""");

        Assert.Equal(300, spec.Base.Steps);
        Assert.Equal(0, spec.Base.Epochs);
        Assert.Empty(spec.Base.Validate());
    }

    [Fact]
    public void Steps_as_an_axis_also_turns_the_epoch_budget_off()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "s", "axes": { "steps": [100, 200] } }""");

        Assert.All(spec.EnumerateTrials(), trial => Assert.Equal(0, trial.Epochs));
    }

    [Fact]
    public void Axes_follow_schema_order_whatever_order_they_are_written_in()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "o", "axes": { "lr": [0.1], "depth": [2], "optimizer": ["sgd"] } }""");

        var schemaOrder = ConfigSchema.Names.ToList();
        var axisOrder = spec.Axes.Select(a => a.Field).ToList();
        Assert.Equal(axisOrder.OrderBy(schemaOrder.IndexOf), axisOrder);
        Assert.Equal(["depth", "optimizer", "lr"], axisOrder);
    }

    [Fact]
    public void Axis_values_take_their_field_types()
    {
        SweepSpec spec = TestSpecs.Parse("""{ "name": "t", "axes": { "depth": [2, 4.0], "lr": [1, 0.5], "residual": [true], "momentum": [null, 0.5] } }""");

        Assert.Equal([2, 4], spec.Axes.Single(a => a.Field == "depth").Values);
        Assert.All(spec.Axes.Single(a => a.Field == "depth").Values, v => Assert.IsType<int>(v));
        Assert.All(spec.Axes.Single(a => a.Field == "lr").Values, v => Assert.IsType<double>(v));
        Assert.Equal([null, 0.5], spec.Axes.Single(a => a.Field == "momentum").Values);
    }

    [Fact]
    public void Seeds_are_a_count_or_a_list()
    {
        Assert.Equal([0L, 1L, 2L], TestSpecs.Parse("""{ "name": "c", "seeds": 3 }""").Seeds);
        Assert.Equal([7L, 42L], TestSpecs.Parse("""{ "name": "l", "seeds": [7, 42] }""").Seeds);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        SweepSpec spec = TestSpecs.Parse("""
            {
              // hand-written specs carry notes
              "name": "commented", /* and block comments */
              "axes": { "depth": [2, 4,], },
            }
            """);

        Assert.Equal(2, spec.CountTrials());
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_position()
    {
        SpecException error = TestSpecs.ParseFails("""
            {
              "name": "broken",
              "base": { "lr": -1, "depth": "deep" },
              "axes": { "optimizer": ["sgd", "adamx"], "norm": [] },
              "seeds": 0
            }
            """);

        Assert.Equal(5, error.Errors.Count);
        Assert.Contains(error.Errors, e => e is { Path: "base.lr", Line: 3, Column: 19 });
        Assert.Contains(error.Errors, e => e.Path == "base.depth" && e.Message.Contains("must be an integer", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e is { Path: "axes.optimizer[1]", Line: 4 });
        Assert.Contains(error.Errors, e => e.Path == "axes.norm");
        Assert.Contains(error.Errors, e => e is { Path: "seeds", Line: 5 });
        Assert.Equal(error.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column), error.Errors);
    }

    [Fact]
    public void The_exception_message_lists_source_line_column_path_and_message()
    {
        SpecException error = Assert.Throws<SpecException>(() => SpecParser.Parse("{\n  \"name\": \"x\",\n  \"base\": { \"lr\": -1 }\n}", "my.json"));

        Assert.Equal("my.json", error.SourceName);
        Assert.Contains("my.json:3:19: base.lr: must be > 0, not -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        SpecException error = TestSpecs.ParseFails("""{ "name": "x", "base": { "dataset_path": "données", "lr": -1 } }""");

        SpecError lr = Assert.Single(error.Errors);
        Assert.Equal(59, lr.Column);
    }

    [Fact]
    public void Malformed_json_reports_where_reading_stopped()
    {
        SpecException error = TestSpecs.ParseFails("{\n  \"name\": \"x\",\n  \"axes\": { \"depth\": [2, 4 }\n}");

        SpecError problem = Assert.Single(error.Errors);
        Assert.StartsWith("invalid JSON", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
        Assert.Equal(28, problem.Column);
        Assert.StartsWith("axes.depth", problem.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_reads_utf8_with_a_byte_order_mark()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sweep-spec-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{ "name": "bom", "seeds": 2 }""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

            SweepSpec spec = SpecParser.ParseFile(path);

            Assert.Equal("bom", spec.Name);
            Assert.Equal(2, spec.CountTrials());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParseFile_of_a_missing_file_is_a_spec_error_naming_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));

        Assert.Equal(path, error.SourceName);
        Assert.Contains("cannot read the spec file", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_that_span_fields_name_the_trials_they_occur_in()
    {
        SpecException error = TestSpecs.ParseFails("""
            { "name": "x", "axes": { "norm": ["none", "batchnorm"], "batch_size": [1, 32], "depth": [2, 4] } }
            """);

        SpecError problem = Assert.Single(error.Errors);
        Assert.Equal("axes.batch_size[0]", problem.Path);
        Assert.Contains("norm=batchnorm", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exclude_rule_removes_the_trials_a_cross_field_rule_forbids()
    {
        SweepSpec spec = TestSpecs.Parse("""
            {
              "name": "x",
              "axes": { "norm": ["none", "batchnorm"], "batch_size": [1, 32] },
              "exclude": [ { "norm": "batchnorm", "batch_size": 1 } ]
            }
            """);

        Assert.Equal(3, spec.CountTrials());
        Assert.All(spec.EnumerateTrials(), trial => Assert.Empty(trial.Validate()));
    }

    [Fact]
    public void Cross_field_problems_are_found_in_large_grids_beyond_the_first_combinations()
    {
        // 8 x 8 x 8 x 8 x 2 x 2 = 16,384 combinations, more than are checked one by one; the
        // forbidden pair sits at the end of two axes, so only a covering sample finds it.
        SpecException error = TestSpecs.ParseFails("""
            {
              "name": "large",
              "axes": {
                "width": [1, 2, 3, 4, 5, 6, 7, 8],
                "depth": [1, 2, 3, 4, 5, 6, 7, 8],
                "classes": [2, 3, 4, 5, 6, 7, 8, 9],
                "warmup_steps": [0, 1, 2, 3, 4, 5, 6, 7],
                "norm": ["none", "batchnorm"],
                "batch_size": [32, 1]
              }
            }
            """);

        Assert.Contains(error.Errors, e => e.Path == "axes.batch_size[1]" && e.Message.Contains("batchnorm", StringComparison.Ordinal));
    }
}

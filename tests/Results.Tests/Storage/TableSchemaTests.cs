using System.Text.RegularExpressions;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

public sealed partial class TableSchemaTests
{
    [Fact]
    public void Table_columns_are_lower_snake_case_and_unique_ignoring_case()
    {
        foreach (var schema in new[] { TrialsTable.Schema, PointTables.Curves.Schema, PointTables.Layers.Schema })
        {
            var names = schema.DataFields.Select(f => f.Name).ToList();
            Assert.All(names, name => Assert.Matches(ColumnName(), name));
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void Trials_columns_are_the_ids_the_config_the_row_fields_and_the_summary_in_that_order()
    {
        var expected = new[] { "sweep_id", "trial_id" }
            .Concat(ConfigSchema.Fields.Select(f => f.Name))
            .Concat(TrialRowFields.All.Select(f => f.Name))
            .Concat(ResultFields.Summary.Select(f => f.Name));

        Assert.Equal(expected, TrialsTable.Schema.DataFields.Select(f => f.Name));
    }

    [Fact]
    public void Point_tables_are_the_ids_then_the_point_fields()
    {
        Assert.Equal(["sweep_id", "trial_id", .. ResultFields.Eval.Select(f => f.Name)], PointTables.Curves.Schema.DataFields.Select(f => f.Name));
        Assert.Equal(["sweep_id", "trial_id", .. ResultFields.Layer.Select(f => f.Name)], PointTables.Layers.Schema.DataFields.Select(f => f.Name));
    }

    [Fact]
    public void Timestamps_are_int64_micros_adjusted_to_utc()
    {
        var started = Assert.IsType<Parquet.Schema.DateTimeDataField>(TrialsTable.Schema.DataFields.Single(f => f.Name == "started_at"));

        Assert.Equal(Parquet.Schema.DateTimeFormat.Timestamp, started.DateTimeFormat);
        Assert.True(started.IsAdjustedToUTC);
    }

    [Fact]
    public void Status_error_and_times_keep_the_types_outside_readers_rely_on()
    {
        var row = TrialRowFields.All.ToDictionary(f => f.Name, f => (f.Kind, f.IsNullable));
        Assert.Equal((FieldKind.String, false), row["status"]);
        Assert.Equal((FieldKind.String, true), row["error"]);
        Assert.Equal((FieldKind.Timestamp, false), row["started_at"]);
        Assert.Equal((FieldKind.Timestamp, false), row["finished_at"]);
    }

    [Theory]
    [InlineData("completed", TrialStatus.Completed)]
    [InlineData("diverged", TrialStatus.Diverged)]
    [InlineData("failed", TrialStatus.Failed)]
    public void Status_text_round_trips(string text, TrialStatus status)
    {
        Assert.Equal(status, TrialStatusText.Parse(text));
        Assert.Equal(text, TrialStatusText.Format(status));
    }

    [Fact]
    public void An_unknown_status_text_names_the_text()
    {
        var error = Assert.Throws<FormatException>(() => TrialStatusText.Parse("exploded"));

        Assert.Contains("'exploded'", error.Message);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ColumnName();
}

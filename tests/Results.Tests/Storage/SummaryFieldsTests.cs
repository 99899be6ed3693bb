using System.Text.RegularExpressions;
using Sweep.Engine.Training;
using Sweep.Results.Storage;

namespace Sweep.Results.Tests.Storage;

public sealed partial class SummaryFieldsTests
{
    [Fact]
    public void Every_TrialSummary_property_has_a_column_of_its_snake_case_name()
    {
        var properties = typeof(TrialSummary).GetProperties().Where(p => p.CanWrite).Select(p => SnakeCase(p.Name));

        Assert.Equal(properties.Order(StringComparer.Ordinal), SummaryFields.All.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nullable_properties_are_nullable_columns()
    {
        foreach (var property in typeof(TrialSummary).GetProperties().Where(p => p.CanWrite))
        {
            var field = SummaryFields.All.Single(f => f.Name == SnakeCase(property.Name));
            Assert.Equal(Nullable.GetUnderlyingType(property.PropertyType) is not null, field.IsNullable);
        }
    }

    [Fact]
    public void Get_and_With_round_trip_every_property()
    {
        var summary = new TrialSummary();
        for (int i = 0; i < SummaryFields.All.Count; i++)
        {
            var field = SummaryFields.All[i];
            object value = field.Kind == Engine.Config.FieldKind.Long ? (object)(long)(i + 1) : i + 0.5;
            summary = field.With(summary, value);
        }

        for (int i = 0; i < SummaryFields.All.Count; i++)
        {
            var field = SummaryFields.All[i];
            Assert.Equal(field.Kind == Engine.Config.FieldKind.Long ? (object)(long)(i + 1) : i + 0.5, field.Get(summary));
        }
    }

    [Fact]
    public void Table_columns_are_lower_snake_case_and_unique_ignoring_case()
    {
        foreach (var schema in new[] { TrialsTable.Schema, CurvesTable.Schema, LayersTable.Schema })
        {
            var names = schema.DataFields.Select(f => f.Name).ToList();
            Assert.All(names, name => Assert.Matches(ColumnName(), name));
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Theory]
    [InlineData(3L, true, 3L)]
    [InlineData(3, true, 3L)]
    [InlineData(null, true, null)]
    [InlineData("3", false, null)]
    public void Stored_values_convert_to_the_property_type(object? raw, bool ok, object? expected)
    {
        var field = SummaryFields.All.Single(f => f.Name == "steps_to_target");

        Assert.Equal(ok, field.TryConvert(raw, out object? value));
        Assert.Equal(expected, value);
    }

    private static string SnakeCase(string pascal) => PascalBoundary().Replace(pascal, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex PascalBoundary();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex ColumnName();
}

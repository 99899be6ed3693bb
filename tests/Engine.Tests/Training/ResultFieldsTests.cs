using System.Reflection;
using Sweep.Engine.Config;
using Sweep.Engine.Training;

namespace Sweep.Engine.Tests.Training;

public sealed class ResultFieldsTests
{
    public static TheoryData<string> Tables => ["summary", "eval", "layer"];

    [Theory]
    [MemberData(nameof(Tables))]
    public void Every_property_has_exactly_one_field(string table)
    {
        var (type, fields) = Table(table);

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        Assert.Equal(properties.Count, fields.Count);
        Assert.Equal(fields.Count, fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void With_then_Get_round_trips_a_distinct_value_in_every_field_and_sets_every_property(string table)
    {
        var (type, fields) = Table(table);
        object record = Empty(table);
        for (int i = 0; i < fields.Count; i++)
        {
            record = fields[i].With(record, DistinctValue(fields[i].Kind, i));
        }

        for (int i = 0; i < fields.Count; i++)
        {
            Assert.Equal(DistinctValue(fields[i].Kind, i), fields[i].Get(record));
        }

        var unset = type.GetProperties().Where(p => p.CanWrite && Equals(p.GetValue(record), p.GetValue(Empty(table))));
        Assert.Empty(unset.Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Nullable_fields_are_the_nullable_properties(string table)
    {
        var (type, fields) = Table(table);
        object record = Empty(table);
        foreach (var field in fields.Where(f => f.IsNullable))
        {
            Assert.Null(field.Get(field.With(record, null)));
        }

        int nullableProperties = type.GetProperties().Count(p => p.CanWrite && Nullable.GetUnderlyingType(p.PropertyType) is not null);
        Assert.Equal(nullableProperties, fields.Count(f => f.IsNullable && f.Kind != FieldKind.String));
    }

    [Theory]
    [InlineData(3L, true, 3L)]
    [InlineData(3, true, 3L)]
    [InlineData(null, true, null)]
    [InlineData("3", false, null)]
    [InlineData(3.0, false, null)]
    public void Stored_values_convert_to_the_field_type(object? raw, bool ok, object? expected)
    {
        var field = ResultFields.Summary.Single(f => f.Name == "steps_to_target");

        Assert.Equal(ok, field.TryConvert(raw, out object? value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void The_wire_format_is_16_hex_digits_and_is_part_of_the_protocol_a_worker_must_match()
    {
        Assert.Matches("^[0-9a-f]{16}$", ResultFields.WireFormat);
        Assert.Contains(ResultFields.WireFormat, EngineInfo.Protocol);
        Assert.StartsWith(EngineInfo.Version, EngineInfo.Protocol);
    }

    /// <summary>The table's record type and its fields, with records boxed so one test covers the three tables.</summary>
    private static (Type Type, IReadOnlyList<BoxedField> Fields) Table(string table) => table switch
    {
        "summary" => (typeof(TrialSummary), Boxed(ResultFields.Summary)),
        "eval" => (typeof(EvalPoint), Boxed(ResultFields.Eval)),
        "layer" => (typeof(LayerPoint), Boxed(ResultFields.Layer)),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    private static object Empty(string table) => table switch
    {
        "summary" => new TrialSummary(),
        "eval" => default(EvalPoint),
        _ => new LayerPoint { Kind = "" },
    };

    private static object DistinctValue(FieldKind kind, int i) => kind switch
    {
        FieldKind.Long => (long)(i + 1),
        FieldKind.Int => i + 1,
        FieldKind.Double => i + 0.5,
        FieldKind.Bool => true,
        FieldKind.String => $"text {i}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static List<BoxedField> Boxed<T>(IReadOnlyList<RecordField<T>> fields) =>
        [.. fields.Select(f => new BoxedField(f.Name, f.Kind, f.IsNullable, r => f.Get((T)r), (r, v) => f.With((T)r, v)!))];

    private sealed record BoxedField(string Name, FieldKind Kind, bool IsNullable, Func<object, object?> Get, Func<object, object?, object> With);
}

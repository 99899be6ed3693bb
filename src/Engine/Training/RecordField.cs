using System.Globalization;
using Sweep.Engine.Config;

namespace Sweep.Engine.Training;

/// <summary>
/// One field of a result record (<see cref="TrialSummary"/>, <see cref="EvalPoint"/>, <see cref="LayerPoint"/>):
/// its snake_case name (the Parquet column and the wire order), value kind, nullability, meaning, and typed
/// accessors over boxed values. The field tables in <see cref="ResultFields"/> list each record's fields once;
/// the message serializer, the Parquet tables, the analysis and the PowerShell views iterate them, so adding a
/// metric is one line there plus its computation.
/// </summary>
/// <typeparam name="TRecord">The record type; values are read with <see cref="Get"/> and set with <see cref="With"/> (a copy).</typeparam>
public sealed class RecordField<TRecord>
{
    private readonly Func<TRecord, object?> _get;
    private readonly Func<TRecord, object?, TRecord> _with;

    public RecordField(
        string name, FieldKind kind, bool nullable, string description,
        Func<TRecord, object?> get, Func<TRecord, object?, TRecord> with)
    {
        Name = name;
        Kind = kind;
        IsNullable = nullable;
        Description = description;
        _get = get;
        _with = with;
    }

    /// <summary>snake_case: the Parquet column and the name users filter and sort by.</summary>
    public string Name { get; }

    /// <summary>String, Int, Long, Double, Bool or Timestamp.</summary>
    public FieldKind Kind { get; }

    /// <summary>True when null is a legal value ("never happened", "not measured").</summary>
    public bool IsNullable { get; }

    /// <summary>What the value means, with its unit.</summary>
    public string Description { get; }

    /// <summary>The field's value as its CLR type (string, int, long, double, bool, UTC DateTime) or null.</summary>
    public object? Get(TRecord record) => _get(record);

    /// <summary>A copy of <paramref name="record"/> with this field set; <paramref name="value"/> must have the field's CLR type (see <see cref="TryConvert"/>).</summary>
    public TRecord With(TRecord record, object? value) => _with(record, value);

    /// <summary>
    /// A stored value (as Parquet or a wire format hands it back: int, long, float, double, bool, string or null)
    /// as the field's CLR type; false when it cannot be one (a corrupt or foreign column).
    /// </summary>
    public bool TryConvert(object? raw, out object? value)
    {
        value = null;
        switch (raw)
        {
            case null:
                return IsNullable;
            case string s when Kind == FieldKind.String:
                value = s;
                return true;
            case bool b when Kind == FieldKind.Bool:
                value = b;
                return true;
            case int i when Kind == FieldKind.Int:
                value = i;
                return true;
            case int or long when Kind == FieldKind.Long:
                value = Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                return true;
            case double or float or int or long when Kind == FieldKind.Double:
                value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                return true;
            case DateTime t when Kind == FieldKind.Timestamp:
                value = t.Kind == DateTimeKind.Utc ? t : DateTime.SpecifyKind(t, DateTimeKind.Utc);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>Typed constructors for <see cref="RecordField{TRecord}"/>: one line per field in a field table.</summary>
public static class RecordField
{
    public static RecordField<T> Long<T>(string name, string doc, Func<T, long> get, Func<T, long, T> with) =>
        new(name, FieldKind.Long, false, doc, r => get(r), (r, v) => with(r, (long)v!));

    public static RecordField<T> NullableLong<T>(string name, string doc, Func<T, long?> get, Func<T, long?, T> with) =>
        new(name, FieldKind.Long, true, doc, r => get(r), (r, v) => with(r, (long?)v));

    public static RecordField<T> Int<T>(string name, string doc, Func<T, int> get, Func<T, int, T> with) =>
        new(name, FieldKind.Int, false, doc, r => get(r), (r, v) => with(r, (int)v!));

    public static RecordField<T> Double<T>(string name, string doc, Func<T, double> get, Func<T, double, T> with) =>
        new(name, FieldKind.Double, false, doc, r => get(r), (r, v) => with(r, (double)v!));

    public static RecordField<T> NullableDouble<T>(string name, string doc, Func<T, double?> get, Func<T, double?, T> with) =>
        new(name, FieldKind.Double, true, doc, r => get(r), (r, v) => with(r, (double?)v));

    public static RecordField<T> Bool<T>(string name, string doc, Func<T, bool> get, Func<T, bool, T> with) =>
        new(name, FieldKind.Bool, false, doc, r => get(r), (r, v) => with(r, (bool)v!));

    public static RecordField<T> Text<T>(string name, string doc, Func<T, string> get, Func<T, string, T> with) =>
        new(name, FieldKind.String, false, doc, r => get(r), (r, v) => with(r, (string)v!));

    public static RecordField<T> NullableText<T>(string name, string doc, Func<T, string?> get, Func<T, string?, T> with) =>
        new(name, FieldKind.String, true, doc, r => get(r), (r, v) => with(r, (string?)v));

    /// <summary>A UTC instant; local times are converted when read from the record.</summary>
    public static RecordField<T> Timestamp<T>(string name, string doc, Func<T, DateTime> get, Func<T, DateTime, T> with) =>
        new(name, FieldKind.Timestamp, false, doc, r => ToUtc(get(r)), (r, v) => with(r, (DateTime)v!));

    /// <summary>UTC as results store it: local times are converted, unspecified ones are taken as UTC.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sweep.Engine.Config;

namespace Sweep.Specs;

/// <summary>
/// Writes a spec in canonical form: every key sorted (ordinal), every trial setting of the base
/// written out with defaults applied (dataset settings and top-level budget keys fold into
/// <c>base</c>), seeds as an explicit list, doubles in invariant round-trip form. Two specs that
/// describe the same sweep give the same text, and parsing the text gives the same spec back.
/// </summary>
internal static class SpecCanonicalJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(SweepSpec spec)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();

            if (spec.Grids.Count == 0)
            {
                WriteGrid(writer, spec);
            }
            else
            {
                writer.WriteStartArray("grids");
                foreach (SpecGrid grid in spec.Grids)
                {
                    writer.WriteStartObject();
                    WriteGrid(writer, grid.Spec);
                    writer.WriteString("name", grid.Name);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteString("name", spec.Name);

            writer.WriteStartObject("ranking");
            if (spec.Ranking.By is { } by)
            {
                writer.WriteString("by", by);
            }

            if (spec.Ranking.TargetLoss is { } targetLoss)
            {
                writer.WritePropertyName("target_loss");
                WriteValue(writer, targetLoss);
            }

            writer.WriteEndObject();

            if (spec.Sample is { } sample)
            {
                WriteSample(writer, sample);
            }

            writer.WriteStartArray("seeds");
            foreach (long seed in spec.Seeds)
            {
                writer.WriteNumberValue(seed);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>axes, base and exclude: the top level of a one-grid spec, or one entry of <c>grids</c>.</summary>
    private static void WriteGrid(Utf8JsonWriter writer, SweepSpec spec)
    {
        writer.WriteStartObject("axes");
        foreach (SpecAxis axis in spec.Axes.OrderBy(a => a.Field, StringComparer.Ordinal))
        {
            writer.WritePropertyName(axis.Field);
            WriteList(writer, axis.Values);
        }

        writer.WriteEndObject();

        var varied = new HashSet<string>(spec.Axes.Select(a => a.Field), StringComparer.Ordinal);
        varied.UnionWith(spec.Sample?.Params.Select(p => p.Field) ?? []);
        writer.WriteStartObject("base");
        foreach (ConfigField field in ConfigSchema.Fields.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (field.Name != "seed" && !varied.Contains(field.Name))
            {
                writer.WritePropertyName(field.Name);
                WriteValue(writer, field.Get(spec.Base));
            }
        }

        writer.WriteEndObject();

        writer.WriteStartArray("exclude");
        foreach (var rule in spec.Exclude)
        {
            writer.WriteStartObject();
            foreach (var (field, values) in rule.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(field);
                WriteList(writer, (IReadOnlyList<object?>)values!);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteSample(Utf8JsonWriter writer, SpecSample sample)
    {
        writer.WriteStartObject("sample");
        writer.WriteNumber("count", sample.Count);
        writer.WriteStartObject("params");
        foreach (SampleParam param in sample.Params.OrderBy(p => p.Field, StringComparer.Ordinal))
        {
            writer.WriteStartObject(param.Field);
            writer.WriteStartArray(Parsing.SpecKeys.DistributionKey(param.Distribution));
            WriteValue(writer, param.Low);
            WriteValue(writer, param.High);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteString("sampler", sample.Sampler);
        if (sample.Sampler == SpecSample.Random)
        {
            writer.WriteNumber("sampler_seed", sample.SamplerSeed);
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, IReadOnlyList<object?> values)
    {
        writer.WriteStartArray();
        foreach (object? value in values)
        {
            WriteValue(writer, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int integer:
                writer.WriteNumberValue(integer);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number:
                writer.WriteRawValue(ConfigField.Format(number));
                break;
            default:
                throw new InvalidOperationException($"a spec value of type {value.GetType().Name} cannot be written");
        }
    }
}

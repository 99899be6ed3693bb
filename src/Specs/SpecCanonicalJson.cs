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

    /// <param name="withExpectations">
    /// Also write <c>expectations</c> and <c>stopping</c> (the stored form of a run folder's spec); the identity form leaves them out, so
    /// editing a hypothesis never changes the sweep's id.
    /// </param>
    public static string Write(SweepSpec spec, bool withExpectations = false)
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
            if (withExpectations && spec.Expectations.Count > 0)
            {
                WriteExpectations(writer, spec.Expectations);
            }

            if (withExpectations && spec.Stopping.IsActive)
            {
                WriteStopping(writer, spec.Stopping);
            }

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

    /// <summary>Only the keys the rule reads, so the stored spec parses again (a key the rule ignores is an error).</summary>
    private static void WriteStopping(Utf8JsonWriter writer, StoppingSettings stopping)
    {
        writer.WriteStartObject("stopping");
        writer.WriteString("rule", stopping.RuleName);
        switch (stopping.Rule)
        {
            case StopRuleKind.Race:
                writer.WritePropertyName("slack");
                WriteValue(writer, stopping.Slack);
                break;
            case StopRuleKind.Asha:
                writer.WriteString("metric", stopping.Metric);
                writer.WriteNumber("eta", stopping.Eta);
                if (stopping.MinSteps > 0)
                {
                    writer.WriteNumber("min_steps", stopping.MinSteps);
                }

                writer.WriteString("mode", stopping.Mode == RungMode.Sync ? "sync" : "async");
                break;
            case StopRuleKind.Median:
                writer.WriteString("metric", stopping.Metric);
                writer.WriteNumber("grace_steps", stopping.GraceSteps);
                writer.WriteNumber("startup_trials", stopping.StartupTrials);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteExpectations(Utf8JsonWriter writer, IReadOnlyList<SpecExpectation> expectations)
    {
        writer.WriteStartArray("expectations");
        foreach (var e in expectations)
        {
            writer.WriteStartObject();
            writer.WriteString("name", e.Name);
            if (e.Grid is { } grid)
            {
                writer.WriteString("grid", grid);
            }

            bool better = e.Kind == ExpectationKind.Better;
            switch (e.Kind)
            {
                case ExpectationKind.Better:
                    writer.WriteString("metric", e.Metric);
                    writer.WriteNumber("factor", e.Factor);
                    writer.WriteString("require", e.RequireAll ? "all" : "any");
                    break;
                case ExpectationKind.Flag:
                    writer.WriteString("flag", e.Flag);
                    break;
                case ExpectationKind.Diagnosis:
                    writer.WriteStartArray("diagnosis");
                    e.Diagnoses.ToList().ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteBoolean("reaches_target", true);
                    break;
            }

            WriteMatch(writer, better ? "better" : "on", e.On);
            if (e.NotOn is { } notOn)
            {
                WriteMatch(writer, better ? "than" : "not_on", notOn);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A match with its values typed back from their canonical text, so the stored spec parses again.</summary>
    private static void WriteMatch(Utf8JsonWriter writer, string key, ConfigMatch match)
    {
        writer.WriteStartObject(key);
        foreach (var (name, values) in match.Fields)
        {
            var field = ConfigSchema.Find(name)!;
            writer.WriteStartArray(name);
            foreach (string text in values)
            {
                WriteValue(writer, field.Kind switch
                {
                    FieldKind.Bool => bool.Parse(text),
                    FieldKind.Int or FieldKind.Long => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                    FieldKind.Double => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                    _ => text == "null" && field.IsNullable ? null : text,
                });
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}

using System.Text;

namespace Sweep.Specs.Tests.Parsing;

/// <summary>Specs that are not text, that are wrong a million times over, and limits that must name the file.</summary>
public sealed class InputEdgesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-spec-edges-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Invalid_utf8_is_a_spec_error_naming_the_file_the_byte_offset_and_the_line()
    {
        byte[] before = Encoding.UTF8.GetBytes("{\n  \"name\": \"caf\u00e9\",\n  \"base\": { \"activation\": \"re");
        byte[] bytes = [.. before, 0xC3, 0x28, .. Encoding.UTF8.GetBytes("lu\" }\n}\n")];
        string path = Path.Combine(_folder, "latin1.json");
        File.WriteAllBytes(path, bytes);

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));

        Assert.True(error.InvalidText);
        Assert.Equal(path, error.SourceName);
        SpecError only = Assert.Single(error.Errors);
        Assert.Contains($"invalid UTF-8 at byte offset {before.Length} (byte 0xC3)", only.Message, StringComparison.Ordinal);
        Assert.Equal(3, only.Line);
        Assert.Equal(30, only.Column);
        Assert.StartsWith($"1 error in spec {path}:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:3:30: invalid UTF-8 at byte offset {before.Length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_byte_offset_counts_a_utf8_preamble_and_a_truncated_sequence_at_the_end_is_found()
    {
        byte[] body = Encoding.UTF8.GetBytes("{ \"name\": \"x\" }");
        string path = Path.Combine(_folder, "bom.json");
        File.WriteAllBytes(path, [.. Encoding.UTF8.Preamble, .. body, 0xE2, 0x82]);

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));

        Assert.Contains($"byte offset {3 + body.Length} (byte 0xE2)", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_spec_with_non_ascii_text_and_a_preamble_still_parses()
    {
        string path = Path.Combine(_folder, "ok.json");
        File.WriteAllBytes(path, [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("{ \"name\": \"ok\" /* \u00e9t\u00e9 \u2713 */ }")]);

        SweepSpec spec = SpecParser.ParseFile(path);

        Assert.Equal("ok", spec.Name);
        Assert.Equal(path, spec.SourceName);
    }

    [Fact]
    public void At_most_100_errors_are_reported_the_first_by_position_then_and_N_more()
    {
        string values = string.Join(", ", Enumerable.Repeat("0.1", 1001));
        string json = $$"""{ "name": "dup", "axes": { "lr": [{{values}}] }, "base": { "depth": 0 } }""";

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.Parse(json, "dup.json"));

        Assert.Equal(1001, error.TotalErrors);
        Assert.Equal(SpecException.MaxReported, error.Errors.Count);
        Assert.Equal("axes.lr[1]", error.Errors[0].Path);
        Assert.Equal("axes.lr[100]", error.Errors[^1].Path);
        Assert.Equal(error.Errors.OrderBy(e => e.Column).ToList(), error.Errors);
        string[] lines = error.Message.Split(Environment.NewLine);
        Assert.Equal("1,001 errors in spec dup.json:", lines[0]);
        Assert.Equal(1 + SpecException.MaxReported + 1, lines.Length);
        Assert.Equal("dup.json: ... and 901 more", lines[^1]);
    }

    [Fact]
    public void Errors_without_a_position_are_capped_in_the_order_found()
    {
        var lr = Enumerable.Repeat<object>(0.1, 250).ToArray();
        var spec = new System.Collections.Hashtable { ["name"] = "dup", ["axes"] = new System.Collections.Hashtable { ["lr"] = lr } };

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.FromDictionary(spec, "hashtable"));

        Assert.Equal(249, error.TotalErrors);
        Assert.Equal("axes.lr[1]", error.Errors[0].Path);
        Assert.Equal("axes.lr[100]", error.Errors[^1].Path);
        Assert.EndsWith("hashtable: ... and 149 more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exclude_value_missing_from_a_long_axis_lists_ten_values_and_the_count()
    {
        string widths = string.Join(", ", Enumerable.Range(1, 5000));
        string json = $$"""{ "name": "x", "axes": { "width": [{{widths}}] }, "exclude": [ { "width": [1, 2, 9999] } ] }""";

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.Parse(json, "long.json"));

        SpecError only = Assert.Single(error.Errors);
        Assert.Equal("exclude[0].width[2]", only.Path);
        Assert.Contains("(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... (5,000 values))", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        string path = Path.Combine(_folder, "huge.json");
        using (var file = File.Create(path))
        {
            file.SetLength(SpecLimits.MaxSpecBytes + 1L);
        }

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));

        Assert.Contains($"{path}: the spec is 16.0 MiB, more than the 16 MiB a spec may be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_too_large_to_train_are_refused_at_validation_with_their_size()
    {
        string json = """{ "name": "wide", "base": { "width": 16384 }, "axes": { "depth": [1, 3, 64] } }""";

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.Parse(json, "wide.json"));

        Assert.Equal(2, error.Errors.Count);
        Assert.All(error.Errors, e => Assert.Equal("base.width", e.Path));
        Assert.Contains(error.Errors, e => e.Message.Contains("width 16384 x depth 3 has 537,001,987 parameters", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.Contains("width 16384 x depth 64 has 16,912,564,227 parameters", StringComparison.Ordinal));
        Assert.Contains("wide.json:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than the 4 GiB a trial may use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_force_limit_names_the_spec_file()
    {
        string values = string.Join(", ", Enumerable.Range(1, 400));
        string path = Path.Combine(_folder, "big.json");
        File.WriteAllText(path, $$"""{ "name": "big", "axes": { "width": [{{values}}], "depth": [{{values}}] } }""");
        SweepSpec spec = SpecParser.ParseFile(path);

        SpecException error = Assert.Throws<SpecException>(() => SpecLimits.EnsureWithinLimit(spec, force: false));

        Assert.Equal(path, error.SourceName);
        Assert.Contains($"{path}: the sweep has 160,000 trials", error.Message, StringComparison.Ordinal);
    }
}

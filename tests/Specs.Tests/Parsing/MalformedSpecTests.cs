namespace Sweep.Specs.Tests.Parsing;

/// <summary>
/// The corpus in TestData/malformed: each NAME.json must be refused, and every line of NAME.expected
/// must occur in one of the reported errors, formatted "line:col: path: message".
/// </summary>
public class MalformedSpecTests
{
    private static readonly string CorpusFolder = Path.Combine(AppContext.BaseDirectory, "TestData", "malformed");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(CorpusFolder, "*.json").Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileNameWithoutExtension(file));
        }

        return cases;
    }

    [Fact]
    public void The_corpus_holds_at_least_fifty_cases_each_with_expectations()
    {
        string[] specs = Directory.GetFiles(CorpusFolder, "*.json");

        Assert.True(specs.Length >= 50, $"only {specs.Length} malformed specs");
        Assert.All(specs, spec => Assert.True(File.Exists(Path.ChangeExtension(spec, ".expected")), $"{spec} has no .expected file"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_malformed_spec_is_refused_with_the_expected_errors(string name)
    {
        string json = File.ReadAllText(Path.Combine(CorpusFolder, name + ".json"));
        string[] expected = [.. File.ReadAllLines(Path.Combine(CorpusFolder, name + ".expected")).Where(line => line.Length > 0)];

        SpecException error = Assert.Throws<SpecException>(() => SpecParser.Parse(json, name + ".json"));

        Assert.NotEmpty(expected);
        string[] reported = [.. error.Errors.Select(e => e.ToString())];
        foreach (string fragment in expected)
        {
            Assert.True(reported.Any(r => r.Contains(fragment, StringComparison.Ordinal)),
                $"no error contains \"{fragment}\"; reported:{Environment.NewLine}{string.Join(Environment.NewLine, reported)}");
        }

        Assert.All(error.Errors, e => Assert.NotNull(e.Line));
    }
}

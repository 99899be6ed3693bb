using System.Text;

namespace Sweep.Specs.Tests.Parsing;

/// <summary>
/// Parses that must stay within a memory bound. Alone in a collection that does not run in parallel,
/// so their large allocations cannot disturb the heap other tests measure.
/// </summary>
[Collection(Name)]
public sealed class SpecMemoryTests : IDisposable
{
    public const string Name = "spec memory bounds";

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-spec-memory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The case: a 10 MB spec listing one value a million times printed 989,999 lines and used
    /// 1.45 GB. Bytes allocated on this thread bound what the parse can have held at once; the parse is
    /// single-threaded, so the figure does not depend on other tests or the machine's load. Measured:
    /// 116 MB (the file, then a node per value); building every error's text, even when only 100 are
    /// kept, took it to 546 MB.
    /// </summary>
    [Fact]
    public void A_10_MB_spec_with_a_million_duplicate_values_fails_in_bounded_memory()
    {
        var text = new StringBuilder("{ \"name\": \"dup\", \"axes\": { \"lr\": [");
        for (int i = 0; i < 1_000_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("0.00100000");
        }

        string path = Path.Combine(_folder, "dup.json");
        File.WriteAllText(path, text.Append("] } }").ToString());
        text.Clear();
        Assert.InRange(new FileInfo(path).Length, 9_000_000, 12_000_000);

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        SpecException error = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(SpecException.MaxReported, error.Errors.Count);
        Assert.True(error.TotalErrors >= 999_000, $"{error.TotalErrors} errors counted");
        Assert.True(allocated < 300_000_000, $"parsing allocated {allocated / 1e6:F0} MB");
    }
}

[CollectionDefinition(SpecMemoryTests.Name, DisableParallelization = true)]
public sealed class SpecMemoryCollection;

namespace Sweep.Specs.Tests;

/// <summary>Specs and paths shared by the tests.</summary>
internal static class TestSpecs
{
    /// <summary>A small valid grid: 3 optimizers x 2 norms x 2 depths, 2 seeds = 24 trials.</summary>
    public const string Grid = """
        {
          "name": "grid",
          "dataset": "spirals",
          "base": { "width": 16, "lr": 0.05 },
          "steps": 100,
          "axes": {
            "optimizer": ["sgd", "momentum", "adam"],
            "norm": ["none", "batchnorm"],
            "depth": [2, 4]
          },
          "seeds": 2
        }
        """;

    public static SweepSpec Parse(string json) => SpecParser.Parse(json, "test.json");

    public static SpecException ParseFails(string json) => Assert.Throws<SpecException>(() => Parse(json));

    /// <summary>The repository root: the first folder above the test assembly that holds Sweep.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sweep.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Sweep.sln above {AppContext.BaseDirectory}");
    }
}

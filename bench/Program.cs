using System.Reflection;
using System.Text.Json;

namespace Sweep.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // A benchmark's child process (ResultsBench measures a compaction's peak RSS in a process of its own).
        if (args is ["--child-compact", string folder])
        {
            return ResultsBench.CompactInChild(folder);
        }

        if (args is ["--replay", string replayFolder, .. var sections])
        {
            return AdaptiveReplay.Run(replayFolder, sections);
        }

        string suiteName = "all";
        string outDir = Path.Combine("artifacts", "bench");
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--suite" when i + 1 < args.Length: suiteName = args[++i]; break;
                case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: Sweep.Bench [--suite name|all] [--out folder]");
                    return 2;
            }
        }

        var suites = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IBenchSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var selected = suiteName == "all" ? suites : suites.Where(s => s.Name == suiteName).ToList();
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"no benchmark suite named '{suiteName}'; known: {string.Join(", ", suites.Select(s => s.Name))}");
            return 2;
        }

        Directory.CreateDirectory(outDir);
        var options = new JsonSerializerOptions { WriteIndented = true };
        foreach (var suite in selected)
        {
            Console.WriteLine($"== bench {suite.Name}");
            var document = await suite.RunAsync(CancellationToken.None);
            string path = Path.Combine(outDir, suite.Name + ".json");
            await File.WriteAllTextAsync(path, document.ToJsonString(options));
            Console.WriteLine(document.ToJsonString(options));
            Console.WriteLine($"wrote {path}");
        }

        return 0;
    }
}

using System.Diagnostics;

namespace Sweep.Results.Tests;

/// <summary>
/// Kills a real writer process at arbitrary points, several times, and resumes it each time: the
/// folder must end with exactly the rows of an uninterrupted run, no trial missing, none twice.
/// </summary>
public sealed class ProcessKillTests : IDisposable
{
    private const int Kills = 4;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Killing_the_writer_repeatedly_and_resuming_loses_and_duplicates_nothing()
    {
        string path = _temp.Sub("run");
        var spec = KilledWriter.Spec();
        var random = new Random(4);
        int kills = 0;
        int compactionKills = 0;
        for (int round = 0; round < 40; round++)
        {
            using var process = StartWriter(path);
            if (kills == Kills)
            {
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"writer failed: {process.StandardError.ReadToEnd()}");
                break;
            }

            // Let it commit at least once (so every round makes progress); every other round, wait until it
            // starts compacting. Then kill it after a random delay.
            bool atCompaction = round % 2 == 1;
            if (!ReadUntil(process, atCompaction ? "compacting" : "committed") || process.WaitForExit(random.Next(0, atCompaction ? 20 : 120)))
            {
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"writer failed: {process.StandardError.ReadToEnd()}");
                break;
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            kills++;
            compactionKills += atCompaction ? 1 : 0;
        }

        Assert.True(kills >= 3, $"only {kills} kills: the test did not exercise crashes");
        Assert.True(compactionKills >= 1, "no kill during a compaction");
        var folder = RunFolder.Open(path, spec, RunFolderMode.Resume);
        var expectedIds = spec.EnumerateTrials().Select(Specs.TrialId.Of).ToList();
        var trials = folder.CreateReader().ReadTrials().Select(r => r.TrialId).ToList();
        Assert.Equal(expectedIds.Count, trials.Count);
        Assert.Equal(expectedIds.ToHashSet(), trials.ToHashSet());

        var curveCounts = folder.CreateReader().ReadCurves().GroupBy(r => r.TrialId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedIds.ToHashSet(), curveCounts.Keys.ToHashSet());
        Assert.All(curveCounts.Values, count => Assert.Equal(KilledWriter.CurvePoints, count));
        Assert.Equal(
            Directory.GetFiles(Path.Combine(path, "trials"), "*.parquet").Select(Path.GetFileName),
            Directory.GetFiles(Path.Combine(path, "curves"), "*.parquet").Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(path, "*.tmp", SearchOption.AllDirectories));
    }

    /// <summary>Reads the writer's output up to a line <paramref name="text"/>; false when it ended first.</summary>
    private static bool ReadUntil(Process process, string text)
    {
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line == text)
            {
                return true;
            }
        }

        return false;
    }

    private static Process StartWriter(string folder)
    {
        string assembly = typeof(Program).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "exec", assembly, "writer", folder })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {dotnet}");
    }
}

using System.Collections.Concurrent;
using Sweep.Actors.Workers;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Actors.Tests;

/// <summary>Tiny specs, trial runners and an observer shared by the sweep tests.</summary>
internal static class TestSweeps
{
    /// <summary>A spirals grid of <paramref name="lrs"/> x <paramref name="seeds"/> trials of a few milliseconds each.</summary>
    public static string SpecJson(int lrs, int seeds, int steps = 20, string name = "tiny") => $$"""
        {
          "name": "{{name}}",
          "dataset": { "dataset": "spirals", "samples": 120 },
          "base": { "depth": 1, "width": 8, "batch_size": 32 },
          "steps": {{steps}},
          "eval_every": 10,
          "axes": { "lr": [{{string.Join(", ", Enumerable.Range(1, lrs).Select(i => (i * 0.001).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}] },
          "seeds": {{seeds}}
        }
        """;

    public static SweepSpec Spec(int lrs, int seeds, int steps = 20) => SpecParser.Parse(SpecJson(lrs, seeds, steps), "test.json");

    /// <summary>A trial that does no training: dispatch only.</summary>
    public static readonly TrialRunner NoOp = (_, _, _) =>
        new TrialResult(TrialStatus.Completed, [], [], new TrialSummary { StepsRun = 1 }, 0);

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "sweep-actors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public static List<TrialRow> ReadTrials(string folder) => RunFolder.OpenExisting(folder).CreateReader().ReadTrials().ToList();

    /// <summary>Rows of <c>trials</c> as a raw glob over its part files reads them (DuckDB, which knows nothing of superseded rows).</summary>
    public static long RawTrialCount(string folder)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM read_parquet('{Path.Combine(folder, "trials", "*.parquet")}')";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Collects everything a sweep reports; thread-safe.</summary>
internal sealed class RecordingObserver : ISweepObserver
{
    public ConcurrentQueue<TrialRecord> Finished { get; } = new();
    public ConcurrentQueue<SweepProgress> Progress { get; } = new();
    /// <summary>Warnings (ISweepObserver.OnMessage).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    public ConcurrentQueue<string> Notices { get; } = new();

    /// <summary>Called on the actor thread after each durable trial (tests use it to act mid-sweep).</summary>
    public Action<TrialRecord>? OnFinished { get; init; }

    public void OnTrialFinished(TrialRecord record)
    {
        Finished.Enqueue(record);
        OnFinished?.Invoke(record);
    }

    public void OnProgress(SweepProgress progress) => Progress.Enqueue(progress);

    public void OnMessage(string message) => Messages.Enqueue(message);

    public void OnNotice(string notice) => Notices.Enqueue(notice);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Sweep.Actors;
using Sweep.Analysis;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Dashboard;

/// <summary>
/// What the live page shows, kept up to date by the sweep's observer calls (any thread) and read by the
/// server as one JSON document: progress, workers and the trials on their slots, the latest finished
/// trials, and the ranking and curves so far (re-read from the run folder when trials have finished,
/// at most once per <see cref="DashboardOptions.RefreshInterval"/>).
/// </summary>
public sealed class DashboardState : ISweepObserver
{
    /// <summary>Finished trials listed on the page, newest first.</summary>
    public const int RecentTrials = 20;

    /// <summary>Ranking rows on the page.</summary>
    public const int RankingRows = 30;

    private readonly Lock _gate = new();
    private readonly Lock _analysisGate = new();
    private readonly string _name;
    private readonly Func<SweepAnalysis?> _load;
    private readonly TimeSpan _refresh;
    private readonly DateTime _startedAt = DateTime.UtcNow;
    private readonly LinkedList<TrialRecord> _recent = new();
    private SweepProgress? _progress;
    private readonly Dictionary<TrialId, List<(long Step, double Loss)>> _running = [];
    private long _finished;
    private bool _done;
    private string _warnings = "";
    private (long Finished, DateTime At, string Json) _analysis = (-1, DateTime.MinValue, "null");

    /// <param name="name">Sweep name shown as the title.</param>
    /// <param name="load">Reads the finished trials (null when there are none yet); called from the server's threads, never two at once.</param>
    public DashboardState(string name, Func<SweepAnalysis?> load, TimeSpan? refresh = null)
    {
        _name = name;
        _load = load;
        _refresh = refresh ?? new DashboardOptions().RefreshInterval;
    }

    /// <summary>A state that reads the run folder at <paramref name="runFolder"/> (layer statistics are not read: the page does not draw them).</summary>
    public static DashboardState ForRunFolder(string name, string runFolder, TimeSpan? refresh = null) =>
        new(name, () => Directory.Exists(Path.Combine(runFolder, "trials"))
            ? SweepAnalysis.Load(RunFolder.OpenExisting(runFolder), new AnalysisOptions { LoadLayers = false })
            : null, refresh);

    public void OnTrialFinished(TrialRecord record)
    {
        lock (_gate)
        {
            _finished++;
            _recent.AddFirst(record);
            if (_recent.Count > RecentTrials)
            {
                _recent.RemoveLast();
            }
        }
    }

    public void OnProgress(SweepProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
            RecordRunningCurves(progress);
        }
    }

    /// <summary>Most points kept per running trial: beyond it every other point is dropped, so a long trial keeps its whole shape.</summary>
    public const int MaxRunningPoints = 400;

    /// <summary>
    /// Appends each running trial's latest (step, train loss) from the workers' progress reports to its curve so far, and
    /// forgets trials no longer running (their whole curve arrives with the finished trial). Call under the gate.
    /// </summary>
    private void RecordRunningCurves(SweepProgress progress)
    {
        var runningNow = new HashSet<TrialId>();
        foreach (var trial in progress.Workers.SelectMany(w => w.RunningTrials))
        {
            runningNow.Add(trial.TrialId);
            if (trial.Step <= 0 || !double.IsFinite(trial.TrainLoss))
            {
                continue;
            }

            if (!_running.TryGetValue(trial.TrialId, out var points))
            {
                _running[trial.TrialId] = points = [];
            }

            if (points.Count == 0 || trial.Step > points[^1].Step)
            {
                points.Add((trial.Step, trial.TrainLoss));
                if (points.Count > MaxRunningPoints)
                {
                    var kept = points.Where((_, i) => i % 2 == 0 || i == points.Count - 1).ToList();
                    points.Clear();
                    points.AddRange(kept);
                }
            }
        }

        foreach (var gone in _running.Keys.Where(id => !runningNow.Contains(id)).ToList())
        {
            _running.Remove(gone);
        }
    }

    /// <summary><c>"running": [{ "id", "points": [[step, loss], ...] }]</c>: the train loss so far of every running trial.</summary>
    private static void WriteRunningCurves(Utf8JsonWriter json, (TrialId Id, (long Step, double Loss)[] Points)[] running)
    {
        json.WriteStartArray("runningCurves");
        foreach (var (id, points) in running)
        {
            json.WriteStartObject();
            json.WriteString("id", id.ToString());
            json.WriteStartArray("points");
            foreach (var (step, loss) in points)
            {
                json.WriteStartArray();
                json.WriteNumberValue(step);
                json.WriteNumberValue(loss);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public void OnMessage(string message)
    {
        lock (_gate)
        {
            _warnings = message;
        }
    }

    /// <summary>The sweep is over: the page says so and stops polling.</summary>
    public void MarkDone()
    {
        lock (_gate)
        {
            _done = true;
        }
    }

    /// <summary>The document /api/state serves.</summary>
    public string Json()
    {
        SweepProgress? progress;
        (TrialId Id, (long Step, double Loss)[] Points)[] running;
        TrialRecord[] recent;
        long finished;
        bool done;
        string warning;
        lock (_gate)
        {
            progress = _progress;
            running = _running.OrderBy(r => r.Key).Select(r => (r.Key, r.Value.ToArray())).ToArray();
            recent = [.. _recent];
            finished = _finished;
            done = _done;
            warning = _warnings;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("name", _name);
            json.WriteNumber("elapsedSeconds", Math.Round((DateTime.UtcNow - _startedAt).TotalSeconds, 1));
            json.WriteBoolean("done", done);
            json.WriteNumber("finished", finished);
            json.WriteString("warning", warning);
            WriteProgress(json, progress);
            WriteRunningCurves(json, running);
            json.WriteStartArray("recent");
            foreach (var record in recent)
            {
                json.WriteStartObject();
                json.WriteString("id", record.TrialId.ToString());
                json.WriteString("status", record.Status.ToString().ToLowerInvariant());
                json.WriteString("worker", record.Worker);
                json.WriteString("host", record.WorkerHost);
                json.WriteNumber("seconds", Math.Round(record.DurationSeconds, 1));
                json.WriteString("error", record.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("analysis");
            json.WriteRawValue(AnalysisJson(finished, done), skipInputValidation: true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteProgress(Utf8JsonWriter json, SweepProgress? progress)
    {
        if (progress is null)
        {
            json.WriteNull("progress");
            json.WriteStartArray("workers");
            json.WriteEndArray();
            return;
        }

        json.WriteStartObject("progress");
        json.WriteNumber("total", progress.Total);
        json.WriteNumber("skipped", progress.Skipped);
        json.WriteNumber("queued", progress.Queued);
        json.WriteNumber("running", progress.Running);
        json.WriteNumber("completed", progress.Completed);
        json.WriteNumber("diverged", progress.Diverged);
        json.WriteNumber("failed", progress.Failed);
        json.WriteNumber("pruned", progress.Pruned);
        json.WriteNumber("stepsSaved", progress.StepsSaved);
        json.WriteNumber("trialsPerMinute", double.IsFinite(progress.TrialsPerMinute) ? Math.Round(progress.TrialsPerMinute, 2) : 0);
        if (progress.Eta is { } eta)
        {
            json.WriteNumber("etaSeconds", Math.Round(eta.TotalSeconds));
        }
        else
        {
            json.WriteNull("etaSeconds");
        }

        json.WriteEndObject();
        json.WriteStartArray("workers");
        foreach (var worker in progress.Workers.OrderBy(w => w.Address, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("address", worker.Address);
            json.WriteNumber("slots", worker.Slots);
            json.WriteNumber("busy", worker.Busy);
            json.WriteStartArray("running");
            foreach (var trial in worker.RunningTrials)
            {
                json.WriteStartObject();
                json.WriteString("id", trial.TrialId.ToString());
                json.WriteNumber("step", trial.Step);
                json.WriteNumber("totalSteps", trial.TotalSteps);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Ranking and curves so far, re-read when trials have finished since the last read and the refresh interval has passed (or the sweep is done).</summary>
    private string AnalysisJson(long finished, bool done)
    {
        lock (_analysisGate)
        {
            var cached = _analysis;
            bool stale = finished != cached.Finished && (done || DateTime.UtcNow - cached.At >= _refresh);
            if (!stale && cached.Finished >= 0)
            {
                return cached.Json;
            }

            string json;
            try
            {
                json = _load() is { } analysis ? Render(analysis) : "null";
            }
            catch (Exception e) when (e is IOException or RunFolderException or InvalidOperationException or ArgumentException)
            {
                // The page shows why the ranking is missing; the next refresh tries again.
                json = JsonSerializer.Serialize(new { error = $"could not read the run folder: {e.Message}" });
            }

            _analysis = (finished, DateTime.UtcNow, json);
            return json;
        }
    }

    private static string Render(SweepAnalysis analysis)
    {
        var ranking = analysis.Rank(new RankingOptions { Top = null });
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("trials", analysis.Trials.Count);
            json.WriteString("rankedBy", ranking.FirstOrDefault()?.RankedBy ?? MetricCatalog.Speed);
            json.WriteNumber("configurations", ranking.Count);
            json.WriteStartArray("ranking");
            foreach (var row in ranking.Take(RankingRows))
            {
                json.WriteStartObject();
                json.WriteString("rank", (row.TiedWithPrevious ? "=" : "") + row.Rank.ToString(CultureInfo.InvariantCulture));
                json.WriteString("key", row.ConfigKey);
                json.WriteNumber("seeds", row.Seeds);
                json.WriteString("metric", row.RankedBy == MetricCatalog.StepsToTarget ? row.StepsToTargetText : row.RankMetric.ToString());
                json.WriteString("reached", $"{row.ReachedTarget}/{row.Seeds}");
                json.WriteString("diagnosis", row.Diagnosis);
                json.WriteString("flags", string.Join(", ", row.Flags));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            ReportData.WriteCurves(json, analysis, ranking);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

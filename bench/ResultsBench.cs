using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sweep.Engine.Config;
using Sweep.Engine.Training;
using Sweep.Results;
using Sweep.Specs;

namespace Sweep.Bench;

/// <summary>
/// The results store's targets (issue 4): committing 1,000,000 curve rows under 1 s; scanning the
/// trial ids of a 100,000-trial run folder (what resume reads) under 2 s; expanding and validating a
/// 1,000,000-trial grid in under 100 MB. Peers in the same run: the same curve rows written as CSV
/// text, the same ids read from a text file, and the heap a materialized (listed) grid would take.
/// CPU seconds are reported beside wall seconds: on a shared machine wall time includes waiting for a core.
/// Also compaction (issue 4: row groups of 100k rows or more): 1,000,000 curve rows committed in 100
/// small parts merged into one part per table, against reading the same rows back (its lower bound).
/// </summary>
public sealed class ResultsBench : IBenchSuite
{
    private const int CurveTrials = 1000;
    private const int PointsPerTrial = 1000;
    private const int ScanTrials = 100_000;
    private const int ScanBatch = 1000;
    private const int CompactBatch = 10;

    /// <summary>Trials per commit at the end-of-sweep case: the results writer's largest batch.</summary>
    private const int SweepBatch = 256;

    /// <summary>Evaluation points per trial at the end-of-sweep case (400 steps, evaluated every 20).</summary>
    private const int SweepPoints = 20;

    public string Name => "results";

    public async Task<JsonObject> RunAsync(CancellationToken cancellationToken)
    {
        string root = Path.Combine(Path.GetTempPath(), "sweep-results-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            // First, so the process-wide peak working set reflects the expansion, not the other cases.
            var expansion = MeasureExpansion();
            var write = await MeasureCurveWriteAsync(root, cancellationToken);
            var scan = await MeasureIdScanAsync(root, cancellationToken);
            var compaction = await MeasureCompactionAsync(root, cancellationToken);
            var endOfSweep50k = await MeasureEndOfSweepAsync(root, 50_000, cancellationToken);
            var endOfSweep200k = await MeasureEndOfSweepAsync(root, 200_000, cancellationToken);
            return new JsonObject
            {
                ["suite"] = Name,
                ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["os"] = Environment.OSVersion.ToString(), ["cpu"] = CpuModel() },
                ["cases"] = new JsonArray { write, scan, expansion, compaction, endOfSweep50k, endOfSweep200k },
            };
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>One CommitAsync of 1,000 trials x 1,000 evaluation points (curves part + trials part, flushed to disk).</summary>
    private static async Task<JsonObject> MeasureCurveWriteAsync(string root, CancellationToken cancellationToken)
    {
        var spec = GridSpec("curve-write", lrCount: 10, widthCount: 10, depthCount: 10, seeds: 1);
        var records = spec.EnumerateTrials().Take(CurveTrials).Select(c => CurveRecord(spec.SweepId, c)).ToList();
        long rows = records.Sum(r => r.Curve.Count);
        var times = new List<double>();
        var cpuTimes = new List<double>();
        long curveBytes = 0;
        for (int run = 0; run < 4; run++)
        {
            var folder = RunFolder.Open(Path.Combine(root, $"write-{run}"), spec, RunFolderMode.Fresh);
            await using var writer = folder.CreateWriter();
            var cpu = ProcessorTime();
            var watch = Stopwatch.StartNew();
            await writer.CommitAsync(records, cancellationToken);
            watch.Stop();
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalSeconds);
                cpuTimes.Add((ProcessorTime() - cpu).TotalSeconds);
            }

            curveBytes = new DirectoryInfo(Path.Combine(folder.Path, "curves")).GetFiles("*.parquet").Sum(f => f.Length);
        }

        var csvTimes = new List<double>();
        long csvBytes = 0;
        for (int run = 0; run < 4; run++)
        {
            string path = Path.Combine(root, $"curves-{run}.csv");
            var watch = Stopwatch.StartNew();
            WriteCsv(path, records);
            watch.Stop();
            if (run > 0)
            {
                csvTimes.Add(watch.Elapsed.TotalSeconds);
            }

            csvBytes = new FileInfo(path).Length;
        }

        double median = Median(times);
        return new JsonObject
        {
            ["name"] = "commit-1m-curve-rows",
            ["rows"] = rows,
            ["seconds_best"] = Math.Round(times.Min(), 3),
            ["seconds_median"] = Math.Round(median, 3),
            ["rows_per_second_median"] = Math.Round(rows / median),
            ["cpu_seconds_median"] = Math.Round(Median(cpuTimes), 3),
            ["target_s"] = 1.0,
            ["meets_target"] = median < 1.0,
            ["curves_parquet_mb"] = Math.Round(curveBytes / 1e6, 2),
            ["peer"] = "same rows as CSV text (StreamWriter, invariant culture, flushed to disk)",
            ["peer_seconds_median"] = Math.Round(Median(csvTimes), 3),
            ["peer_mb"] = Math.Round(csvBytes / 1e6, 2),
            ["ratio_to_peer"] = Math.Round(median / Median(csvTimes), 2),
        };
    }

    /// <summary>CommittedTrialIds of a folder of 100,000 trials in 100 committed parts (only the trial_id column is read).</summary>
    private static async Task<JsonObject> MeasureIdScanAsync(string root, CancellationToken cancellationToken)
    {
        var spec = GridSpec("id-scan", lrCount: 100, widthCount: 100, depthCount: 1, seeds: 10);
        string path = Path.Combine(root, "scan");
        var setup = Stopwatch.StartNew();
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        await using (var writer = folder.CreateWriter())
        {
            // The folder a killed run leaves: every commit its own part.
            writer.CompactOnDispose = false;
            foreach (var batch in spec.EnumerateTrials().Take(ScanTrials).Select(c => SummaryRecord(spec.SweepId, c)).Chunk(ScanBatch))
            {
                await writer.CommitAsync(batch, cancellationToken);
            }
        }

        setup.Stop();
        int count = 0;
        var cpu = ProcessorTime();
        var times = Repeat(() => count = RunFolder.OpenExisting(path).CommittedTrialIds().Count);
        double cpuPerScan = (ProcessorTime() - cpu).TotalSeconds / 4;
        var resumeTimes = Repeat(() => count = RunFolder.Open(path, spec, RunFolderMode.Resume).CommittedTrialIds().Count);
        int partsAfterResume = Directory.GetFiles(Path.Combine(path, "trials"), "*.parquet").Length;
        var compactedTimes = Repeat(() => count = RunFolder.OpenExisting(path).CommittedTrialIds().Count);

        string idsFile = Path.Combine(root, "ids.txt");
        File.WriteAllLines(idsFile, RunFolder.OpenExisting(path).CommittedTrialIds().Select(id => id.ToString()));
        var peerTimes = Repeat(() => _ = new HashSet<string>(File.ReadLines(idsFile), StringComparer.Ordinal).Count);

        double median = Median(times);
        return new JsonObject
        {
            ["name"] = "scan-trial-ids-100k",
            ["trials"] = count,
            ["parts"] = ScanTrials / ScanBatch,
            ["setup_write_s"] = Math.Round(setup.Elapsed.TotalSeconds, 2),
            ["seconds_best"] = Math.Round(times.Min(), 3),
            ["seconds_median"] = Math.Round(median, 3),
            ["cpu_seconds_mean"] = Math.Round(cpuPerScan, 3),
            // The first resume compacts the 100 parts (the resume median is of the later, compacted opens).
            ["open_resume_and_scan_seconds_median"] = Math.Round(Median(resumeTimes), 3),
            ["parts_after_resume"] = partsAfterResume,
            ["compacted_scan_seconds_median"] = Math.Round(Median(compactedTimes), 3),
            ["target_s"] = 2.0,
            ["meets_target"] = median < 2.0,
            ["peer"] = "the same ids read from a text file into a HashSet",
            ["peer_seconds_median"] = Math.Round(Median(peerTimes), 3),
            ["ratio_to_peer"] = Math.Round(median / Median(peerTimes), 2),
        };
    }

    /// <summary>
    /// RunFolder.Compact of 1,000 trials x 1,000 evaluation points committed 10 trials at a time (100
    /// parts per table): one part per table comes out, with row groups of 100k-200k rows. Three fresh
    /// folders after a smaller warm-up. Peer: reading every curve row back through ResultsReader.
    /// </summary>
    private static async Task<JsonObject> MeasureCompactionAsync(string root, CancellationToken cancellationToken)
    {
        var spec = GridSpec("compact", lrCount: 10, widthCount: 10, depthCount: 10, seeds: 1);
        var records = spec.EnumerateTrials().Select(c => CurveRecord(spec.SweepId, c)).ToList();
        long rows = records.Sum(r => r.Curve.Count) + records.Count;
        var times = new List<double>();
        var cpuTimes = new List<double>();
        var readBefore = new List<double>();
        var readAfter = new List<double>();
        var overlaps = new List<double>();
        int partsBefore = 0;
        int partsAfter = 0;
        for (int run = 0; run < 4; run++)
        {
            var folder = RunFolder.Open(Path.Combine(root, $"compact-{run}"), spec, RunFolderMode.Fresh);
            await using (var writer = folder.CreateWriter())
            {
                writer.CompactOnDispose = false;
                foreach (var batch in records.Take(run == 0 ? 100 : records.Count).Chunk(CompactBatch))
                {
                    await writer.CommitAsync(batch, cancellationToken);
                }
            }

            partsBefore = Directory.GetFiles(Path.Combine(folder.Path, "curves"), "*.parquet").Length;
            var read = Stopwatch.StartNew();
            long curveRows = folder.CreateReader().ReadCurves().LongCount();
            read.Stop();
            var cpu = ProcessorTime();
            var watch = Stopwatch.StartNew();
            var result = folder.Compact(cancellationToken);
            watch.Stop();
            var cpuSpent = ProcessorTime() - cpu;
            var readCompacted = Stopwatch.StartNew();
            if (folder.CreateReader().ReadCurves().LongCount() != curveRows)
            {
                throw new InvalidOperationException($"{folder.Path}: compaction changed the number of curve rows");
            }

            readCompacted.Stop();
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalSeconds);
                cpuTimes.Add(cpuSpent.TotalSeconds);
                readBefore.Add(read.Elapsed.TotalSeconds);
                readAfter.Add(readCompacted.Elapsed.TotalSeconds);
                overlaps.Add(result.OverlapWindow.TotalMilliseconds);
            }

            partsAfter = Directory.GetFiles(Path.Combine(folder.Path, "curves"), "*.parquet").Length;
        }

        double median = Median(times);
        return new JsonObject
        {
            ["name"] = "compact-1m-curve-rows-100-parts",
            ["rows"] = rows,
            ["parts_before"] = partsBefore,
            ["parts_after"] = partsAfter,
            ["seconds_best"] = Math.Round(times.Min(), 3),
            ["seconds_median"] = Math.Round(median, 3),
            ["cpu_seconds_median"] = Math.Round(Median(cpuTimes), 3),
            ["rows_per_second_median"] = Math.Round(rows / median),
            ["raw_glob_overlap_ms_median"] = Math.Round(Median(overlaps), 2),
            ["read_all_curves_before_seconds_median"] = Math.Round(Median(readBefore), 3),
            ["read_all_curves_after_seconds_median"] = Math.Round(Median(readAfter), 3),
            ["peer"] = "reading every curve row of the 100-part folder through ResultsReader",
            ["ratio_to_peer"] = Math.Round(median / Median(readBefore), 2),
        };
    }

    /// <summary>
    /// The end of a sweep of <paramref name="trials"/> trials (issue 15: peak RSS grew with the rows, 250 MB
    /// after 50,000 trials and 363 MB after 200,000): a folder holding what a sweep commits (batches of
    /// <see cref="SweepBatch"/> trials, as the results writer closes them, each trial with
    /// <see cref="SweepPoints"/> evaluation points and two layers' statistics at each) is compacted by a
    /// separate process, the compaction a writer runs when the sweep ends. That process's peak RSS
    /// (VmHWM) is the figure: nothing this process allocated is in it. Its RSS once the folder is opened,
    /// before compacting, is the baseline beside it. Target: under 200 MB for 200,000 trials.
    /// </summary>
    private static async Task<JsonObject> MeasureEndOfSweepAsync(string root, int trials, CancellationToken cancellationToken)
    {
        var spec = GridSpec($"end-of-sweep-{trials}", lrCount: 100, widthCount: 100, depthCount: trials / 10_000, seeds: 1);
        string path = Path.Combine(root, $"end-of-sweep-{trials}");
        var setup = Stopwatch.StartNew();
        var folder = RunFolder.Open(path, spec, RunFolderMode.New);
        await using (var writer = folder.CreateWriter())
        {
            writer.CompactOnDispose = false;
            foreach (var batch in spec.EnumerateTrials().Take(trials).Chunk(SweepBatch))
            {
                await writer.CommitAsync([.. batch.Select(c => SweepRecord(spec.SweepId, c))], cancellationToken);
            }
        }

        setup.Stop();
        int partsBefore = Directory.GetFiles(Path.Combine(path, "trials"), "*.parquet").Length;
        var child = await RunChildAsync(["--child-compact", path], cancellationToken);
        int partsAfter = Directory.GetFiles(Path.Combine(path, "trials"), "*.parquet").Length;
        if (RunFolder.OpenExisting(path).CommittedTrialIds().Count != trials)
        {
            throw new InvalidOperationException($"{path}: compaction changed the number of trials");
        }

        long curveRows = (long)trials * SweepPoints;
        Directory.Delete(path, recursive: true);
        double peakMb = child["peak_rss_bytes"]!.GetValue<long>() / 1e6;
        return new JsonObject
        {
            ["name"] = $"end-of-sweep-peak-rss-{trials / 1000}k-trials",
            ["trials"] = trials,
            ["curve_rows"] = curveRows,
            ["layer_rows"] = curveRows * 2,
            ["parts_before"] = partsBefore,
            ["parts_after"] = partsAfter,
            ["setup_write_s"] = Math.Round(setup.Elapsed.TotalSeconds, 1),
            ["compact_seconds"] = Math.Round(child["seconds"]!.GetValue<double>(), 2),
            ["peak_rss_mb"] = Math.Round(peakMb, 1),
            ["rss_before_compaction_mb"] = Math.Round(child["rss_before_bytes"]!.GetValue<long>() / 1e6, 1),
            ["measured_as"] = "VmHWM of a separate process that opens the folder and compacts it",
            ["target_mb"] = 200,
            ["meets_target"] = peakMb < 200,
        };
    }

    /// <summary>
    /// The child side of <see cref="MeasureEndOfSweepAsync"/>: compacts <paramref name="path"/> and
    /// prints one JSON line with its RSS before, its peak RSS and the seconds it took.
    /// </summary>
    public static int CompactInChild(string path)
    {
        var folder = RunFolder.OpenExisting(path);
        long before = ProcStatusBytes("VmRSS");
        var watch = Stopwatch.StartNew();
        var result = folder.Compact();
        watch.Stop();
        Console.WriteLine(new JsonObject
        {
            ["rss_before_bytes"] = before,
            ["peak_rss_bytes"] = ProcStatusBytes("VmHWM"),
            ["seconds"] = watch.Elapsed.TotalSeconds,
            ["parts_replaced"] = result.PartsReplaced,
        }.ToJsonString());
        return 0;
    }

    /// <summary>Runs this benchmark program again with <paramref name="arguments"/> and parses the JSON object its last line prints.</summary>
    private static async Task<JsonObject> RunChildAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string program = Environment.ProcessPath!;
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(program) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ResultsBench).Assembly.Location);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        string stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the child benchmark process exited with {process.ExitCode}: {await stderr}");
        }

        string last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        return JsonNode.Parse(last)!.AsObject();
    }

    /// <summary>A size line of /proc/self/status ("VmHWM:  123456 kB") in bytes; -1 where there is none (not Linux).</summary>
    private static long ProcStatusBytes(string key)
    {
        const string StatusFile = "/proc/self/status";
        if (!File.Exists(StatusFile))
        {
            return -1;
        }

        string? line = File.ReadLines(StatusFile).FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    private static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        return File.Exists(CpuInfo)
            ? File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
    }

    /// <summary>
    /// Enumerates a 1,000,000-trial grid, validating every config and hashing its trial id, while
    /// sampling the managed heap. Peer: the heap 100,000 listed configs take, times ten.
    /// </summary>
    private static JsonObject MeasureExpansion()
    {
        var spec = GridSpec("expand", lrCount: 100, widthCount: 100, depthCount: 10, seeds: 10);
        long workingSetBefore = CurrentWorkingSet();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakHeap = heapBefore;
        long trials = 0;
        long invalid = 0;
        var watch = Stopwatch.StartNew();
        foreach (var config in spec.EnumerateTrials())
        {
            if (config.Validate().Count > 0)
            {
                invalid++;
            }

            TrialId.Of(config);
            if (++trials % 4096 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peakWorkingSet;
        using (var process = Process.GetCurrentProcess())
        {
            peakWorkingSet = process.PeakWorkingSet64;
        }

        long listBefore = GC.GetTotalMemory(forceFullCollection: true);
        var listed = spec.EnumerateTrials().Take(100_000).ToList();
        long listHeap = GC.GetTotalMemory(forceFullCollection: true) - listBefore;
        GC.KeepAlive(listed);

        double peakMb = (peakHeap - heapBefore) / 1e6;
        return new JsonObject
        {
            ["name"] = "expand-validate-1m-grid",
            ["trials"] = trials,
            ["counted"] = spec.CountTrials(),
            ["invalid"] = invalid,
            ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
            ["trials_per_second"] = Math.Round(trials / watch.Elapsed.TotalSeconds),
            ["peak_heap_delta_mb"] = Math.Round(peakMb, 1),
            ["peak_working_set_delta_mb"] = Math.Round((peakWorkingSet - workingSetBefore) / 1e6, 1),
            ["allocated_mb"] = Math.Round(allocated / 1e6, 1),
            ["target_mb"] = 100,
            ["meets_target"] = peakMb < 100,
            ["peer"] = "heap of 100,000 listed configs x 10 (a grid held in memory)",
            ["peer_mb"] = Math.Round(listHeap * 10 / 1e6, 1),
            ["ratio_to_peer"] = Math.Round(peakMb / (listHeap * 10 / 1e6), 3),
        };
    }

    private static SweepSpec GridSpec(string name, int lrCount, int widthCount, int depthCount, int seeds)
    {
        string lrs = string.Join(", ", Enumerable.Range(0, lrCount).Select(i => (1e-4 * Math.Pow(1e4, i / (double)Math.Max(1, lrCount - 1))).ToString("R", CultureInfo.InvariantCulture)));
        string widths = string.Join(", ", Enumerable.Range(1, widthCount).Select(i => i * 4));
        string depths = string.Join(", ", Enumerable.Range(1, depthCount));
        return SpecParser.Parse($$"""
            {
              "name": "{{name}}",
              "dataset": { "dataset": "spirals", "samples": 1000 },
              "steps": 400,
              "eval_every": 20,
              "axes": { "lr": [{{lrs}}], "width": [{{widths}}], "depth": [{{depths}}] },
              "seeds": {{seeds}}
            }
            """, name + ".json");
    }

    private static TrialRecord CurveRecord(string sweepId, TrialConfig config)
    {
        var curve = new EvalPoint[PointsPerTrial];
        for (int i = 0; i < curve.Length; i++)
        {
            double t = i + 1;
            curve[i] = new EvalPoint((long)t * 20, i / 40, (long)t * 640, t * 0.01, config.Lr, 2.3 / Math.Sqrt(t), 2.4 / Math.Sqrt(t),
                1 - (1 / Math.Sqrt(t)), 1 / t, i % 7 == 0, 10 + (1 / t), 1e-3 / t);
        }

        return Record(sweepId, config, curve);
    }

    private static TrialRecord SummaryRecord(string sweepId, TrialConfig config) => Record(sweepId, config, []);

    /// <summary>A trial as a sweep records it: <see cref="SweepPoints"/> evaluation points, each with two layers' statistics.</summary>
    private static TrialRecord SweepRecord(string sweepId, TrialConfig config)
    {
        var curve = new EvalPoint[SweepPoints];
        var layers = new List<LayerPoint>(SweepPoints * 2);
        for (int i = 0; i < curve.Length; i++)
        {
            double t = i + 1;
            curve[i] = new EvalPoint((long)t * 20, i / 4, (long)t * 640, t * 0.01, config.Lr, 2.3 / Math.Sqrt(t), 2.4 / Math.Sqrt(t),
                1 - (1 / Math.Sqrt(t)), 1 / t, false, 10 + (1 / t), 1e-3 / t);
            for (int layer = 0; layer < 2; layer++)
            {
                layers.Add(BenchLayerPoint((long)t * 20, layer, t));
            }
        }

        return Record(sweepId, config, curve, layers);
    }

    private static LayerPoint BenchLayerPoint(long step, int layer, double t) =>
        new(step, layer, layer == 0 ? "stem" : "head", 1 / t, 5 + (layer / t), 0.1 * layer, 1 + (1 / t), 0, 0.01 * layer);

    private static TrialRecord Record(string sweepId, TrialConfig config, IReadOnlyList<EvalPoint> curve, IReadOnlyList<LayerPoint>? layers = null)
    {
        var started = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(config.Seed);
        var summary = new TrialSummary
        {
            StepsRun = 400,
            ExamplesSeen = 12_800,
            FinalTrainLoss = 0.1 * config.Depth,
            BestTrainLoss = 0.05,
            FinalValLoss = 0.2,
            StepsToTarget = config.Width,
            AucLogTrainLoss = -config.Lr,
            GradNormMedian = 1,
        };
        var row = new TrialRow(sweepId, TrialId.Of(config), config, TrialStatus.Completed, null, 1, "bench",
            started, started.AddSeconds(2), 2, summary);
        return new TrialRecord(row, curve, layers ?? []);
    }

    private static void WriteCsv(string path, List<TrialRecord> records)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            writer.WriteLine("sweep_id,trial_id,step,epoch,examples,wall_s,lr,train_loss,val_loss,val_accuracy,grad_norm,clipped,weight_norm,update_ratio");
            foreach (var record in records)
            {
                foreach (var p in record.Curve)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{record.SweepId},{record.TrialId},{p.Step},{p.Epoch},{p.Examples},{p.WallSeconds:R},{p.LearningRate:R},{p.TrainLoss:R},{p.ValLoss:R},{p.ValAccuracy:R},{p.GradNorm:R},{p.Clipped},{p.WeightNorm:R},{p.UpdateRatio:R}"));
                }
            }
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Three timed runs after one warm-up.</summary>
    private static List<double> Repeat(Action work)
    {
        work();
        var times = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>CPU time of the whole process: on a shared machine, wall time also counts waiting for a core.</summary>
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// The numbers the report's charts draw, as one JSON document that report.js hands to ECharts.
/// Decisions about what is shown live here (tested in C#); the script only lays them out.
/// Contract of the document (all numbers finite or null):
/// <list type="bullet">
/// <item>curves: one entry per configuration with every seed's train and validation points; values the axis
/// cannot show (non-finite, above <c>cap</c>, or at/below zero on a log axis) are drawn at the cap or floor
/// and listed again under <c>clipped</c> with their true value as text; a trial the stopping rule pruned carries
/// <c>pruned</c> ("rule: reason"), and its curve ends at the step it was stopped at;</item>
/// <item>layers: per chosen trial, one series per layer (all layers); exact zeros are drawn at <c>floor</c>
/// and listed under <c>zeros</c>;</item>
/// <item>effects, heatmap, parallel, scatter, counts: see the writers below.</item>
/// </list>
/// </summary>
internal static class ReportData
{
    /// <summary>Most evaluation points drawn per curve (first and last always kept): bounds the file for long runs.</summary>
    public const int MaxPointsPerCurve = 200;

    /// <summary>Most trials whose per-layer gradients are embedded (choosable in the page): each is one read of the layers table.</summary>
    public const int MaxLayerTrials = 8;

    /// <summary>A value above this many times the largest starting loss is drawn at that cap with a marker.</summary>
    public const double CapOverStart = 10;

    /// <summary>Data spanning more than this ratio (two decades) is drawn on a log axis.</summary>
    public const double LogSpan = 100;

    public static string Json(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking, ReportOptions options)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("grids");
            foreach (string grid in analysis.Grids)
            {
                json.WriteStringValue(grid);
            }

            json.WriteEndArray();
            json.WriteString("rankedBy", ranking.FirstOrDefault()?.RankedBy ?? MetricCatalog.Speed);
            WriteCurves(json, analysis, ranking);
            WriteLayers(json, analysis, ranking, options.LayerTrialId);
            WriteEffects(json, analysis);
            WriteHeatmap(json, analysis, options.HeatmapFactors);
            WriteParallelAndScatter(json, analysis, ranking);
            WriteCounts(json, analysis);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Axis bounds for a set of values: a cap for exploded or non-finite points, a floor for log axes, and whether to use one.</summary>
    internal readonly record struct Scale(bool Log, double Floor, double Cap)
    {
        /// <summary>The value to draw, and whether it was moved to the cap or floor.</summary>
        public (double Drawn, bool Clipped) Place(double value) =>
            !double.IsFinite(value) || value > Cap ? (Cap, true)
            : Log && value < Floor ? (Floor, true)
            : (value, false);

        /// <param name="values">All values the chart holds.</param>
        /// <param name="starts">Where each curve started: the cap is <see cref="CapOverStart"/> times the largest of them.</param>
        public static Scale For(IEnumerable<double> values, IEnumerable<double> starts)
        {
            var finite = values.Where(double.IsFinite).ToList();
            if (finite.Count == 0)
            {
                return new Scale(false, 0, 1);
            }

            double max = finite.Max();
            var startValues = starts.Where(v => double.IsFinite(v) && v > 0).ToList();
            double cap = startValues.Count == 0 ? max : Math.Min(max, CapOverStart * startValues.Max());
            var positive = finite.Where(v => v > 0 && v <= cap).ToList();
            double minPositive = positive.Count == 0 ? 0 : positive.Min();
            bool log = minPositive > 0 && cap / minPositive > LogSpan;
            if (!(cap > 0) && !log)
            {
                cap = Math.Max(cap, finite.Min() + 1);
            }

            return new Scale(log, log ? minPositive : finite.Min(), cap);
        }
    }

    /// <summary>Writes <c>"curves": {...}</c> (see the class contract); the live dashboard sends the same object.</summary>
    internal static void WriteCurves(Utf8JsonWriter json, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var trials = ranking.SelectMany(r => r.TrialIds).Select(id => analysis.TrialsById[id]).ToList();
        var scale = Scale.For(
            trials.SelectMany(t => t.Curve.SelectMany(p => new[] { p.TrainLoss, p.ValLoss })),
            // Where training started: the loss before any update, or (older folders) the first evaluation, which a run that explodes at once has already left.
            trials.Select(t => t.Summary.InitialTrainLoss ?? (t.Curve.Count > 0 ? t.Curve[0].TrainLoss : double.NaN)));
        json.WriteStartObject("curves");
        WriteScale(json, scale);
        json.WriteStartArray("configs");
        foreach (var config in ranking)
        {
            json.WriteStartObject();
            json.WriteString("key", config.ConfigKey);
            json.WriteString("grid", config.Grid);
            json.WriteNumber("rank", config.Rank);
            json.WriteStartArray("trials");
            foreach (TrialId id in config.TrialIds)
            {
                var trial = analysis.TrialsById[id];
                var points = Thin(trial.Curve);
                json.WriteStartObject();
                json.WriteString("id", id.ToString());
                json.WriteNumber("seed", trial.Config.Seed);
                if (trial.Status == Engine.Training.TrialStatus.Pruned)
                {
                    json.WriteString("pruned", CurveDiagnostics.StopDescription(trial));
                }

                WriteSeries(json, "train", scale, points.Select(p => ((double)p.Step, p.TrainLoss)));
                WriteSeries(json, "val", scale, points.Select(p => ((double)p.Step, p.ValLoss)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes <c>name: [[x, y], ...]</c> and <c>nameClipped: [[x, drawnY, "true value"], ...]</c>; a missing value (NaN on a curve that has none, e.g. no validation split) is skipped.</summary>
    private static void WriteSeries(Utf8JsonWriter json, string name, Scale scale, IEnumerable<(double X, double Y)> points)
    {
        var clipped = new List<(double X, double Y, double Raw)>();
        json.WriteStartArray(name);
        var list = points.ToList();
        bool allNaN = list.All(p => double.IsNaN(p.Y));
        foreach (var (x, y) in list)
        {
            if (allNaN)
            {
                break;
            }

            var (drawn, isClipped) = scale.Place(y);
            if (isClipped)
            {
                clipped.Add((x, drawn, y));
            }

            json.WriteStartArray();
            Number(json, x);
            Number(json, drawn);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray(name + "Clipped");
        foreach (var (x, y, raw) in clipped)
        {
            json.WriteStartArray();
            Number(json, x);
            Number(json, y);
            json.WriteStringValue(raw.ToString("G4", CultureInfo.InvariantCulture));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    /// <summary>At most <see cref="MaxPointsPerCurve"/> points, evenly spaced, always keeping the first, the last and every non-finite one.</summary>
    internal static IReadOnlyList<Engine.Training.EvalPoint> Thin(IReadOnlyList<Engine.Training.EvalPoint> curve)
    {
        if (curve.Count <= MaxPointsPerCurve)
        {
            return curve;
        }

        double stride = (curve.Count - 1) / (double)(MaxPointsPerCurve - 1);
        var keep = new SortedSet<int>(Enumerable.Range(0, MaxPointsPerCurve).Select(k => (int)Math.Round(k * stride)));
        for (int i = 0; i < curve.Count; i++)
        {
            if (!double.IsFinite(curve[i].TrainLoss) || !double.IsFinite(curve[i].ValLoss) && !double.IsNaN(curve[0].ValLoss))
            {
                keep.Add(i);
            }
        }

        return [.. keep.Select(i => curve[i])];
    }

    private static void WriteLayers(Utf8JsonWriter json, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking, TrialId? chosen)
    {
        // The chosen trial first, then the most vanishing ones, then the best and worst configurations' seeds.
        var candidates = new List<TrialId>();
        if (chosen is { } chosenId && analysis.TrialsById.ContainsKey(chosenId))
        {
            candidates.Add(chosenId);
        }

        candidates.AddRange(analysis.TrialMetrics.Where(t => double.IsFinite(t.VanishingRatio))
            .OrderBy(t => t.VanishingRatio).ThenBy(t => t.TrialId).Select(t => t.TrialId));
        if (ranking.Count > 0)
        {
            candidates.AddRange(ranking[0].TrialIds);
            candidates.AddRange(ranking[^1].TrialIds);
        }

        candidates.AddRange(analysis.Trials.Select(t => t.TrialId));
        // A loaded trial carries its last layer statistics: use them to skip trials without any before reading a full history.
        bool known = analysis.Trials.Any(t => t.Layers.Count > 0);
        var ids = candidates.Distinct()
            .Where(id => known ? analysis.TrialsById[id].Layers.Count > 0 : analysis.LayersOf(id).Count > 0)
            .Take(MaxLayerTrials).ToList();

        json.WriteStartArray("layers");
        foreach (TrialId id in ids)
        {
            var layers = analysis.LayersOf(id);
            var positive = layers.Select(l => l.GradNorm).Where(v => double.IsFinite(v) && v > 0).ToList();
            var scale = Scale.For(positive, positive.Count == 0 ? [] : [positive.Max() / CapOverStart]);
            // Exact zeros sit one decade under the smallest non-zero norm (or at 1e-12 when every norm is zero).
            double floor = positive.Count == 0 ? 1e-12 : Math.Pow(10, Math.Floor(Math.Log10(positive.Min())) - 1);
            scale = scale with { Log = true, Floor = floor };
            var metrics = analysis.MetricsById.GetValueOrDefault(id);
            json.WriteStartObject();
            json.WriteString("id", id.ToString());
            json.WriteString("caption", metrics is null
                ? $"trial {id}"
                : $"trial {id} ({ConfigAggregator.ConfigKey(metrics.Config, analysis.Axes)}, seed {metrics.Config.Seed}); vanishing ratio {MetricStats.Format(metrics.VanishingRatio)}");
            WriteScale(json, scale);
            json.WriteStartArray("series");
            foreach (var group in layers.GroupBy(l => l.Layer).OrderBy(g => g.Key))
            {
                var points = group.OrderBy(l => l.Step).ToList();
                json.WriteStartObject();
                json.WriteString("name", $"layer {group.Key} ({points[0].Kind})");
                json.WriteStartArray("points");
                var zeros = new List<double>();
                foreach (var point in points)
                {
                    json.WriteStartArray();
                    Number(json, point.Step);
                    Number(json, point.GradNorm == 0 ? floor : scale.Place(point.GradNorm).Drawn);
                    json.WriteEndArray();
                    if (point.GradNorm == 0)
                    {
                        zeros.Add(point.Step);
                    }
                }

                json.WriteEndArray();
                json.WriteStartArray("zeros");
                foreach (double step in zeros)
                {
                    Number(json, step);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteEffects(Utf8JsonWriter json, SweepAnalysis analysis)
    {
        // With grids, effects are measured within each grid (factors differ between grids, so a cross-grid effect would be confounded).
        var effects = analysis.Axes.Count == 0 ? [] : analysis.FactorEffects();
        json.WriteStartArray("effects");
        foreach (var (metric, title) in new[] { (MetricCatalog.Speed, "Steps to target by factor level"), (MetricCatalog.Stability, "Gradient log std by factor level") })
        {
            json.WriteStartObject();
            json.WriteString("metric", metric);
            json.WriteString("title", title);
            json.WriteStartArray("rows");
            foreach (var effect in effects.Where(e => e.Metric == metric))
            {
                string factor = effect.Grid is null ? effect.Factor : $"{effect.Grid}: {effect.Factor}";
                foreach (var level in effect.Levels)
                {
                    json.WriteStartObject();
                    json.WriteString("label", $"{factor}={level.Label}");
                    json.WriteString("factor", $"{factor} ({effect.VarianceShare:P0} of variance)");
                    Number(json, "mean", level.Stats.Mean);
                    Number(json, "low", level.Stats.CiLow);
                    Number(json, "high", level.Stats.CiHigh);
                    json.WriteNumber("n", level.Stats.Count);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteHeatmap(Utf8JsonWriter json, SweepAnalysis analysis, (string FactorA, string FactorB)? factors)
    {
        var pair = factors is { } chosen
            ? FactorAnalysis.Interaction(analysis.TrialMetrics, chosen.FactorA, chosen.FactorB, MetricCatalog.Speed)
            : analysis.Axes.Count >= 2 ? analysis.Interactions(MetricCatalog.Speed).FirstOrDefault() : null;
        if (pair is null)
        {
            json.WriteNull("heatmap");
            return;
        }

        json.WriteStartObject("heatmap");
        json.WriteString("title", $"Mean steps to target: {pair.FactorA} x {pair.FactorB}{(pair.Grid is null ? "" : $" (grid {pair.Grid})")}");
        json.WriteString("caption", string.Create(CultureInfo.InvariantCulture, $"interaction share of variance {pair.VarianceShare:P1}; empty cells have no trial"));
        json.WriteString("factorA", pair.FactorA);
        json.WriteString("factorB", pair.FactorB);
        WriteStrings(json, "levelsA", pair.LevelsA);
        WriteStrings(json, "levelsB", pair.LevelsB);
        json.WriteStartArray("cells");
        for (int a = 0; a < pair.LevelsA.Count; a++)
        {
            for (int b = 0; b < pair.LevelsB.Count; b++)
            {
                if (double.IsFinite(pair.CellMeans[a, b]))
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(b);
                    json.WriteNumberValue(a);
                    Number(json, pair.CellMeans[a, b]);
                    json.WriteEndArray();
                }
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// parallel: one line per configuration over every varying axis (category axes, levels in natural order;
    /// "-" where a grid lacks the axis) and the ranking metric's mean. scatter: the numeric axes, each
    /// configuration's mean of the ranking metric against that axis.
    /// </summary>
    private static void WriteParallelAndScatter(Utf8JsonWriter json, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var axes = ranking.SelectMany(r => r.Config.Keys).Where(k => k != "grid").Distinct().ToList();
        string metric = ranking.FirstOrDefault()?.RankedBy ?? MetricCatalog.Speed;
        var metricValues = ranking.Select(r => r.RankMetric.Mean).ToList();
        var metricScale = Scale.For(metricValues, []);
        json.WriteStartObject("parallel");
        json.WriteString("metric", metric);
        WriteScale(json, metricScale);
        json.WriteStartArray("axes");
        foreach (string axis in axes)
        {
            json.WriteStartObject();
            json.WriteString("name", axis);
            var levels = ranking.Select(r => r.Config.GetValueOrDefault(axis)).Where(v => v is not null).Distinct().Order(LevelComparer.Instance).Select(Text).ToList();
            if (ranking.Any(r => r.Config.GetValueOrDefault(axis) is null))
            {
                levels.Add("-");
            }

            WriteStrings(json, "levels", levels);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rows");
        foreach (var row in ranking)
        {
            json.WriteStartObject();
            json.WriteString("key", row.ConfigKey);
            json.WriteString("grid", row.Grid);
            json.WriteStartArray("values");
            foreach (string axis in axes)
            {
                json.WriteStringValue(row.Config.GetValueOrDefault(axis) is { } v ? Text(v) : "-");
            }

            var (drawn, clipped) = metricScale.Place(row.RankMetric.Mean);
            Number(json, drawn);
            json.WriteEndArray();
            json.WriteBoolean("clipped", clipped);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("scatter");
        json.WriteString("metric", metric);
        WriteScale(json, metricScale);
        json.WriteStartArray("axes");
        foreach (string axis in axes)
        {
            var values = ranking.Select(r => r.Config.GetValueOrDefault(axis)).Where(v => v is not null).ToList();
            if (values.Count == 0 || !values.All(IsNumber))
            {
                continue;
            }

            var numbers = values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToList();
            json.WriteStartObject();
            json.WriteString("name", axis);
            json.WriteBoolean("log", numbers.Min() > 0 && numbers.Max() / numbers.Min() > LogSpan);
            json.WriteStartArray("points");
            foreach (var row in ranking)
            {
                if (row.Config.GetValueOrDefault(axis) is { } value)
                {
                    var (drawn, clipped) = metricScale.Place(row.RankMetric.Mean);
                    json.WriteStartArray();
                    Number(json, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    Number(json, drawn);
                    json.WriteStringValue(row.ConfigKey);
                    json.WriteBooleanValue(clipped);
                    json.WriteEndArray();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, SweepAnalysis analysis)
    {
        json.WriteStartObject("counts");
        WriteCountPairs(json, "diagnoses", Diagnoses.All, analysis.DiagnosisCounts);
        WriteCountPairs(json, "flags", TrialFlags.All, analysis.FlagCounts);
        json.WriteEndObject();
    }

    /// <summary><c>"name": [[label, count], ...]</c> in the order of <paramref name="labels"/>.</summary>
    private static void WriteCountPairs(Utf8JsonWriter json, string name, IReadOnlyList<string> labels, IReadOnlyDictionary<string, int> counts)
    {
        json.WriteStartArray(name);
        foreach (string label in labels)
        {
            json.WriteStartArray();
            json.WriteStringValue(label);
            json.WriteNumberValue(counts[label]);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static bool IsNumber(object? value) => value is int or long or float or double or decimal;

    private static string Text(object? value) => value switch
    {
        null => "-",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteScale(Utf8JsonWriter json, Scale scale)
    {
        json.WriteBoolean("log", scale.Log);
        Number(json, "floor", scale.Floor);
        Number(json, "cap", scale.Cap);
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        Number(json, value);
    }

    /// <summary>Five significant digits keep the file small; non-finite values become null (JSON has no NaN).</summary>
    private static void Number(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value) && value == Math.Round(value) && Math.Abs(value) < 1e15)
        {
            json.WriteNumberValue((long)value);
        }
        else if (double.IsFinite(value))
        {
            json.WriteRawValue(value.ToString("G5", CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}

using System.Globalization;
using System.Text;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// One self-contained HTML page per sweep: no network, no chart library; every chart is inline
/// SVG generated here. Sections: findings (when given), ranking, train/validation curves of the
/// best and worst configurations, per-layer gradient norms of one trial, factor effects with
/// intervals, a heatmap of two factors, and diagnosis and flag counts.
/// </summary>
public static class HtmlReport
{
    /// <summary>Writes the page to <paramref name="outFile"/> (temp file then rename, so a reader never sees half a page).</summary>
    public static void Write(SweepAnalysis analysis, string outFile, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentException.ThrowIfNullOrWhiteSpace(outFile);
        string full = Path.GetFullPath(outFile);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, Render(analysis, options), new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>The page as text.</summary>
    public static string Render(SweepAnalysis analysis, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        options ??= new ReportOptions();
        var ranking = analysis.Rank(options.Ranking with { Top = null });
        string title = options.Title ?? $"Sweep report: {analysis.Name}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Svg.Escape(title)}</title>");
        html.Append("<style>").Append(Style).Append("</style>");
        // Runs first, so any later script error is written into the page where a headless browser's DOM dump shows it.
        html.Append("<script>window.addEventListener('error',function(e){var l=document.getElementById('report-errors');if(l){l.textContent+=String(e.message)+'\\n';}});</script>");
        html.Append("</head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Svg.Escape(title)}</h1>");
        AppendOverview(html, analysis, ranking);
        AppendVerdicts(html, options.Verdicts ?? analysis.Verdicts());
        AppendRanking(html, ranking, options.MaxRankingRows);
        html.Append("<h2>Training curves</h2><div class=\"charts\">");
        html.Append(BestAndWorstCurves(analysis, ranking));
        html.Append(LayerGradients(analysis, options.LayerTrialId));
        html.Append("</div>");
        AppendFactors(html, analysis, options.HeatmapFactors);
        html.Append("<h2>Diagnoses</h2><div class=\"charts\">");
        html.Append(CountChart.Render("diagnoses", "Trials per diagnosis", [.. Diagnoses.All.Reverse().Select(d => (d, analysis.DiagnosisCounts[d]))]));
        html.Append(CountChart.Render("flags", "Trials per flag", [.. TrialFlags.All.Select(f => (f, analysis.FlagCounts[f]))]));
        html.Append("</div>");
        AppendReadingGuide(html);
        html.Append("<pre id=\"report-errors\" class=\"errors\"></pre>");
        html.Append("<script>document.body.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));</script>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendOverview(StringBuilder html, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        int diverged = analysis.TrialMetrics.Count(t => t.Status == Engine.Training.TrialStatus.Diverged);
        int failed = analysis.TrialMetrics.Count(t => t.Status == Engine.Training.TrialStatus.Failed);
        var targets = analysis.TrialMetrics.Select(t => t.TargetLoss).Where(double.IsFinite).Distinct().Order().ToList();
        string targetText = targets.Count switch
        {
            0 => "none (no trial finished)",
            1 => Svg.Label(targets[0]),
            _ => $"{targets.Count} values, one per dataset ({string.Join(", ", targets.Select(Svg.Label))})",
        };
        html.Append("<p class=\"overview\">");
        html.Append(CultureInfo.InvariantCulture,
            $"{analysis.Trials.Count} trials ({diverged} diverged, {failed} failed) in {ranking.Count} configurations. ");
        if (analysis.Grids.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"Grids: {Svg.Escape(string.Join(", ", analysis.Grids.Select(g => $"{g} ({(analysis.GridAnalyses[g].Axes.Count == 0 ? "one configuration" : string.Join(", ", analysis.GridAnalyses[g].Axes))})")))}; configurations are ranked within their grid. ");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"Axes: {Svg.Escape(analysis.Axes.Count == 0 ? "none" : string.Join(", ", analysis.Axes))}. Target train loss: {Svg.Escape(targetText)}. ");
        html.Append(CultureInfo.InvariantCulture, $"Ranked by {Svg.Escape(ranking.FirstOrDefault()?.RankedBy ?? MetricCatalog.Speed)}; intervals are 95 % bootstrap intervals over seeds.</p>");
    }

    /// <summary>The spec's expectations with their verdicts, the sentence built from the data, and the evidence.</summary>
    private static void AppendVerdicts(StringBuilder html, IReadOnlyList<Verdict> verdicts)
    {
        if (verdicts.Count == 0)
        {
            return;
        }

        html.Append("<h2>Expectations</h2><table class=\"findings\"><thead><tr><th>Expectation</th><th>Verdict</th><th>What the data shows</th><th>Evidence</th></tr></thead><tbody>");
        foreach (var verdict in verdicts)
        {
            string css = verdict.Outcome switch { VerdictOutcome.Confirmed => "holds", VerdictOutcome.Refuted => "fails", _ => "open" };
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{css}\"><td><b>{Svg.Escape(verdict.Name)}</b></td><td>{verdict.Outcome.ToString().ToLowerInvariant()}</td><td>{Svg.Escape(verdict.Statement)}</td><td><ul>");
            foreach (string line in verdict.Evidence)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{Svg.Escape(line)}</li>");
            }

            html.Append("</ul></td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendRanking(StringBuilder html, IReadOnlyList<ConfigRanking> ranking, int maxRows)
    {
        html.Append("<h2>Ranking</h2>");
        html.Append("<p class=\"note\">\"=\" marks a configuration whose interval overlaps the one above it: the data cannot order them. ★ marks the Pareto front of speed and stability.</p>");
        html.Append("<table class=\"ranking\"><thead><tr><th>Rank</th><th>Configuration</th><th>Seeds</th><th>Steps to target [95% CI]</th><th>Reached</th><th>AUC log loss</th><th>Grad log std</th><th>Diverged</th><th>Diagnosis</th><th>Flags</th><th>Pareto</th></tr></thead><tbody>");
        foreach (var row in ranking.Take(maxRows))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{(row.TiedWithPrevious ? "=" : "")}{row.Rank}</td><td>{Svg.Escape(row.ConfigKey)}</td><td>{row.Seeds}</td><td>{Svg.Escape(row.StepsToTarget.ToString())}</td><td>{row.ReachedTarget}/{row.Seeds}</td><td>{Svg.Escape(row.Auc.ToString())}</td><td>{Svg.Escape(row.Stability.ToString())}</td><td>{row.Diverged}</td><td>{Svg.Escape(row.Diagnosis)}</td><td>{Svg.Escape(string.Join(", ", row.Flags))}</td><td>{(row.OnParetoFront ? "★" : "")}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (ranking.Count > maxRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{ranking.Count - maxRows} more configurations not shown.</p>");
        }
    }

    private static string BestAndWorstCurves(SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        var series = new List<ChartSeries>();
        if (ranking.Count > 0)
        {
            AddCurves(series, analysis, ranking[0], "best", ["#1f77b4", "#6baed6", "#08519c"]);
            if (ranking.Count > 1)
            {
                AddCurves(series, analysis, ranking[^1], "worst", ["#d62728", "#fc9272", "#a50f15"]);
            }
        }

        string subtitle = ranking.Count switch
        {
            0 => "no configurations",
            1 => ranking[0].ConfigKey,
            _ => $"best: {ranking[0].ConfigKey} / worst: {ranking[^1].ConfigKey}",
        };
        return "<figure>" + LineChart.Render("curves", "Train (solid) and validation (dashed) loss", "step", "loss", series, logY: true)
            + $"<figcaption>{Svg.Escape(subtitle)}</figcaption></figure>";
    }

    private static void AddCurves(List<ChartSeries> series, SweepAnalysis analysis, ConfigRanking config, string label, string[] colors)
    {
        int seed = 0;
        foreach (TrialId id in config.TrialIds.Take(colors.Length))
        {
            var trial = analysis.TrialsById[id];
            string color = colors[seed++];
            series.Add(new ChartSeries($"{label} train s{trial.Config.Seed}", color, [.. trial.Curve.Select(p => ((double)p.Step, p.TrainLoss))]));
            series.Add(new ChartSeries($"{label} val s{trial.Config.Seed}", color, [.. trial.Curve.Select(p => ((double)p.Step, p.ValLoss))], Dashed: true));
        }
    }

    private static string LayerGradients(SweepAnalysis analysis, TrialId? trialId)
    {
        trialId ??= analysis.TrialMetrics
            .Where(t => double.IsFinite(t.VanishingRatio))
            .OrderBy(t => t.VanishingRatio)
            .ThenBy(t => t.TrialId)
            .FirstOrDefault()?.TrialId ?? analysis.Trials.FirstOrDefault()?.TrialId;
        var layers = trialId is { } shownId ? analysis.LayersOf(shownId) : [];
        var indices = layers.Select(l => l.Layer).Distinct().Order().ToList();
        const int maxLines = 10;
        var shown = indices.Count <= maxLines
            ? indices
            : [.. Enumerable.Range(0, maxLines).Select(k => indices[(int)Math.Round(k * (indices.Count - 1) / (double)(maxLines - 1))]).Distinct()];
        var series = shown.Select((layer, k) =>
        {
            var points = layers.Where(l => l.Layer == layer).OrderBy(l => l.Step).ToList();
            string kind = points.Count > 0 ? points[0].Kind : "";
            return new ChartSeries($"layer {layer} ({kind})", Svg.Palette[k % Svg.Palette.Length], [.. points.Select(l => ((double)l.Step, l.GradNorm))]);
        }).ToList();
        string caption = trialId is null ? "no trials"
            : analysis.MetricsById.TryGetValue(trialId.Value, out var metrics)
                ? $"trial {trialId} ({ConfigAggregator.ConfigKey(metrics.Config, analysis.Axes)}, seed {metrics.Config.Seed}); vanishing ratio {Svg.Label(metrics.VanishingRatio)}"
                : $"trial {trialId} (not in this sweep)";
        return "<figure>" + LineChart.Render("layers", "Gradient norm per layer", "step", "gradient norm", series, logY: true)
            + $"<figcaption>{Svg.Escape(caption)}</figcaption></figure>";
    }

    private static void AppendFactors(StringBuilder html, SweepAnalysis analysis, (string FactorA, string FactorB)? heatmapFactors)
    {
        html.Append("<h2>Factor effects</h2>");
        if (analysis.Axes.Count == 0)
        {
            html.Append("<p class=\"note\">Only one configuration: no factor varies.</p>");
            return;
        }

        // With grids, effects are measured within each grid (factors differ between grids, so a cross-grid effect would be confounded).
        var effects = analysis.FactorEffects().Select(e => e.Grid is null ? e : e with { Factor = $"{e.Grid}: {e.Factor}" }).ToList();
        html.Append(analysis.Grids.Count > 0
            ? "<p class=\"note\">Effects are measured within each grid, over that grid's own axes: marginal mean of each level over the grid's other axes, with its 95 % interval; the share of variance says which factor matters most in that grid.</p><div class=\"charts\">"
            : "<p class=\"note\">Marginal mean of each level over all other axes, with its 95 % interval; the share of variance says which factor matters most.</p><div class=\"charts\">");
        html.Append(EffectChart.Render("Steps to target by factor level", [.. effects.Where(e => e.Metric == MetricCatalog.Speed)]));
        html.Append(EffectChart.Render("Gradient log std by factor level", [.. effects.Where(e => e.Metric == MetricCatalog.Stability)]));
        var pair = heatmapFactors is { } chosen
            ? FactorAnalysis.Interaction(analysis.TrialMetrics, chosen.FactorA, chosen.FactorB, MetricCatalog.Speed)
            : analysis.Axes.Count >= 2 ? analysis.Interactions(MetricCatalog.Speed).FirstOrDefault() : null;
        if (pair is not null)
        {
            string within = pair.Grid is null ? "" : $" (grid {pair.Grid})";
            html.Append("<figure>").Append(Heatmap.Render($"Mean steps to target: {pair.FactorA} x {pair.FactorB}{within}", pair));
            html.Append(CultureInfo.InvariantCulture, $"<figcaption>interaction share of variance {pair.VarianceShare:P1}</figcaption></figure>");
        }

        html.Append("</div>");
        if (analysis.Grids.Count == 0)
        {
            AppendMostImportant(html, "", effects, analysis.Interactions(MetricCatalog.Speed).FirstOrDefault());
            return;
        }

        foreach (string grid in analysis.Grids)
        {
            AppendMostImportant(html, $"In grid {grid}, s", [.. effects.Where(e => e.Grid == grid)], analysis.GridAnalyses[grid].Interactions(MetricCatalog.Speed).FirstOrDefault());
        }
    }

    private static void AppendMostImportant(StringBuilder html, string lead, IReadOnlyList<FactorEffect> effects, FactorInteraction? strongest)
    {
        var top = effects.FirstOrDefault(e => e.Metric == MetricCatalog.Speed);
        if (top is null)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<p>{Svg.Escape(lead.Length == 0 ? "S" : lead)}peed depends most on <b>{Svg.Escape(top.Factor)}</b> ({top.VarianceShare:P0} of the variance; best level {Svg.Escape(top.BestLevel)})");
        html.Append(strongest is null
            ? ".</p>"
            : string.Create(CultureInfo.InvariantCulture, $"; the strongest interaction is {Svg.Escape(strongest.FactorA)} x {Svg.Escape(strongest.FactorB)} ({strongest.VarianceShare:P0}).</p>"));
    }

    private static void AppendReadingGuide(StringBuilder html)
    {
        html.Append("<h2>How to read this</h2><ul class=\"guide\">");
        html.Append("<li>Steps to target: first evaluation step whose train loss is at or below the target; a run that never gets there counts its full budget and is flagged target-not-reached.</li>");
        html.Append(CultureInfo.InvariantCulture, $"<li>Diagnoses read the last {AnalysisThresholds.TrendWindowFraction:P0} of each curve: both falling = still learning; train falling while validation is flat or rising = overfitting; train flat while validation falls = suspect data; both flat = converged; rising or NaN = diverging.</li>");
        html.Append(CultureInfo.InvariantCulture, $"<li>Flags: vanishing gradients when the first hidden layer's gradient norm is below {AnalysisThresholds.VanishingRatio:G} of the last one's; exploding when above {AnalysisThresholds.ExplodingRatio:G}x, or when the global norm grows {AnalysisThresholds.ExplodingGrowth:G}x or turns NaN; dead ReLUs / saturated units when at least {AnalysisThresholds.DeadFraction:P0} of units are.</li>");
        html.Append("</ul>");
    }

    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1400px}" +
        "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}" +
        "table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}" +
        "th{background:#f3f3f3}tr.holds td:nth-child(2){color:#11772d;font-weight:bold}tr.fails td:nth-child(2){color:#b00;font-weight:bold}" +
        ".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:11px;color:#555;max-width:560px}" +
        ".note{font-size:12px;color:#555}.errors:empty{display:none}.errors{color:#b00}";
}

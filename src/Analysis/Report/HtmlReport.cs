using System.Globalization;
using System.Net;
using System.Text;
using Sweep.Specs;

namespace Sweep.Analysis;

/// <summary>
/// One self-contained HTML page per sweep: no network; the charts are drawn by the vendored Apache ECharts
/// (<see cref="ChartLibrary"/>) inlined into the page, from data <see cref="ReportData"/> prepares. Sections:
/// overview, findings (when given), ranking, every configuration's train and validation curves, per-layer
/// gradient norms of a chosen trial, factor effects with intervals, a heatmap of two factors, parallel
/// coordinates and a numeric axis against the ranking metric, and diagnosis and flag counts.
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
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
        html.Append("<style>").Append(Style).Append("</style>");
        // Runs first, so any later script error is written into the page where a reader (or a DOM dump) sees it.
        html.Append("<script>window.addEventListener('error',function(e){var l=document.getElementById('report-errors');if(l){l.textContent+=String(e.message)+'\\n';}});</script>");
        html.Append("</head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Escape(title)}</h1>");
        AppendOverview(html, analysis, ranking);
        AppendVerdicts(html, options.Verdicts ?? analysis.Verdicts());
        AppendRanking(html, ranking, options.MaxRankingRows);
        AppendCharts(html, analysis, ranking.Count);
        AppendReadingGuide(html);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Charts drawn with {ChartLibrary.Name} {ChartLibrary.Version} ({ChartLibrary.License}), inlined: this page needs no network.</p>");
        html.Append("<pre id=\"report-errors\" class=\"errors\"></pre>");
        html.Append("<script type=\"application/json\" id=\"report-data\">").Append(ReportData.Json(analysis, ranking, options)).Append("</script>");
        html.Append(ChartLibrary.Inline(ChartLibrary.ECharts));
        html.Append(ChartLibrary.Inline(ChartLibrary.SharedScript));
        html.Append(ChartLibrary.Inline(ChartLibrary.ReportScript));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    internal static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The chart placeholders report.js fills; each chart's data is in #report-data.</summary>
    private static void AppendCharts(StringBuilder html, SweepAnalysis analysis, int configurations)
    {
        html.Append("<h2>Training curves</h2>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"note\">Every configuration ({configurations}) is one series; its seeds are thin lines of one colour. Hover for values; drag or scroll to zoom; click the legend to hide or show a configuration. Points above the dashed red line (exploded or not a number) are drawn on it as red triangles.</p>");
        html.Append("<div class=\"controls\">");
        if (analysis.Grids.Count > 0)
        {
            html.Append("<label>Grid <select id=\"curve-grid\"></select></label> ");
        }

        html.Append("<label>Configuration <select id=\"curve-config\"></select></label></div>");
        html.Append("<div class=\"charts\"><div class=\"chart tall\" id=\"chart-train\"></div><div class=\"chart tall\" id=\"chart-val\"></div></div>");
        html.Append("<h2>Gradient norm per layer</h2><div class=\"controls\"><label>Trial <select id=\"layer-trial\"></select></label></div>");
        html.Append("<figure><div class=\"chart\" id=\"chart-layers\"></div><figcaption id=\"layers-caption\">no trial has per-layer statistics</figcaption></figure>");
        AppendFactors(html, analysis);
        html.Append("<h2>Settings against the ranking metric</h2>");
        html.Append("<p class=\"note\">Parallel coordinates: one line per configuration through its settings to its mean ranking metric (drag along an axis to filter). Scatter: a numeric setting against the same metric.</p>");
        html.Append("<div class=\"charts\"><figure><div class=\"chart\" id=\"chart-parallel\"></div></figure>");
        html.Append("<figure><div class=\"controls\"><label>Axis <select id=\"scatter-axis\"></select></label></div><div class=\"chart\" id=\"chart-scatter\"></div><figcaption>triangles: mean not finite or above the axis, drawn at its edge</figcaption></figure></div>");
        html.Append("<h2>Diagnoses</h2><div class=\"charts\"><div class=\"chart short\" id=\"chart-diagnoses\"></div><div class=\"chart short\" id=\"chart-flags\"></div></div>");
    }

    /// <summary>The diagnosis, and for a configuration the stopping rule pruned, the rule and why ("pruned (asha: rung 0 ...)").</summary>
    /// <summary>Each seed's diagnosis and the numbers it rests on, one line each (the diagnosis cell's tooltip).</summary>
    internal static string EvidenceTitle(ConfigRanking row) => string.Join("\n", row.SeedEvidence);

    internal static string DiagnosisText(ConfigRanking row) =>
        row.LostRace && row.StopDescriptions.Count > 0 ? $"{row.Diagnosis} ({string.Join("; ", row.StopDescriptions)})" : row.Diagnosis;

    private static void AppendOverview(StringBuilder html, SweepAnalysis analysis, IReadOnlyList<ConfigRanking> ranking)
    {
        int diverged = analysis.TrialMetrics.Count(t => t.Status == Engine.Training.TrialStatus.Diverged);
        int failed = analysis.TrialMetrics.Count(t => t.Status == Engine.Training.TrialStatus.Failed);
        int pruned = analysis.TrialMetrics.Count(t => t.Pruned);
        var targets = analysis.TrialMetrics.Select(t => t.TargetLoss).Where(double.IsFinite).Distinct().Order().ToList();
        string targetText = targets.Count switch
        {
            0 => "none (no trial finished)",
            1 => MetricStats.Format(targets[0]),
            _ => $"{targets.Count} values, one per dataset ({string.Join(", ", targets.Select(MetricStats.Format))})",
        };
        html.Append("<p class=\"overview\">");
        html.Append(CultureInfo.InvariantCulture,
            $"{analysis.Trials.Count} trials ({diverged} diverged, {(pruned > 0 ? $"{pruned} pruned, " : "")}{failed} failed) in {ranking.Count} configurations. ");
        if (pruned > 0)
        {
            html.Append(
                "Pruned trials were stopped early by the sweep's stopping rule: their steps to target is censored at the step they stopped "
                + "('&gt; n'), their curves end there (square marker), and their configurations rank below every one that ran its budget and learned. ");
        }
        if (analysis.Grids.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"Grids: {Escape(string.Join(", ", analysis.Grids.Select(g => $"{g} ({(analysis.GridAnalyses[g].Axes.Count == 0 ? "one configuration" : string.Join(", ", analysis.GridAnalyses[g].Axes))})")))}; configurations are ranked within their grid. ");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"Axes: {Escape(analysis.Axes.Count == 0 ? "none" : string.Join(", ", analysis.Axes))}. Target train loss: {Escape(targetText)}. ");
        html.Append(CultureInfo.InvariantCulture, $"Ranked by {Escape(ranking.FirstOrDefault()?.RankedBy ?? MetricCatalog.Speed)}; intervals are 95 % bootstrap intervals over seeds.</p>");
        // How each target was set, and a visible warning (with a suggested target) where most configurations miss it.
        html.Append("<ul class=\"targets\">");
        foreach (string note in analysis.TargetNotes)
        {
            bool warning = note.Contains("WARNING: ", StringComparison.Ordinal);
            html.Append(CultureInfo.InvariantCulture,
                $"<li{(warning ? " class=\"warning\"" : "")}>{Escape(note.Replace("WARNING: ", "", StringComparison.Ordinal))}</li>");
        }

        html.Append("</ul>");
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
                $"<tr class=\"{css}\"><td><b>{Escape(verdict.Name)}</b></td><td>{verdict.Outcome.ToString().ToLowerInvariant()}</td><td>{Escape(verdict.Statement)}</td><td><ul>");
            foreach (string line in verdict.Evidence)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{Escape(line)}</li>");
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
                $"<tr><td>{(row.TiedWithPrevious ? "=" : "")}{row.Rank}</td><td>{Escape(row.ConfigKey)}</td><td>{row.Seeds}</td><td>{Escape(row.StepsToTargetText)}</td><td>{row.ReachedTarget}/{row.Seeds}</td><td>{Escape(row.Auc.ToString())}</td><td>{Escape(row.Stability.ToString())}</td><td>{row.Diverged}</td><td title=\"{Escape(EvidenceTitle(row))}\">{Escape(DiagnosisText(row))}</td><td>{Escape(string.Join(", ", row.Flags))}</td><td>{(row.OnParetoFront ? "★" : "")}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (ranking.Count > maxRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{ranking.Count - maxRows} more configurations not shown.</p>");
        }
    }

    private static void AppendFactors(StringBuilder html, SweepAnalysis analysis)
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
            ? "<p class=\"note\">Effects are measured within each grid, over that grid's own axes: marginal mean of each level over the grid's other axes, with its 95 % interval; the share of variance says which factor matters most in that grid.</p>"
            : "<p class=\"note\">Marginal mean of each level over all other axes, with its 95 % interval; the share of variance says which factor matters most.</p>");
        html.Append("<div class=\"charts\"><figure><figcaption class=\"title\">Steps to target by factor level</figcaption><div class=\"chart\" id=\"chart-effect-0\"></div></figure>");
        html.Append("<figure><figcaption class=\"title\">Gradient log std by factor level</figcaption><div class=\"chart\" id=\"chart-effect-1\"></div></figure>");
        html.Append("<figure><figcaption class=\"title\" id=\"heatmap-title\"></figcaption><div class=\"chart\" id=\"chart-heatmap\"></div><figcaption id=\"heatmap-caption\"></figcaption></figure></div>");
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
            $"<p>{Escape(lead.Length == 0 ? "S" : lead)}peed depends most on <b>{Escape(top.Factor)}</b> ({top.VarianceShare:P0} of the variance; best level {Escape(top.BestLevel)})");
        html.Append(strongest is null
            ? ".</p>"
            : string.Create(CultureInfo.InvariantCulture, $"; the strongest interaction is {Escape(strongest.FactorA)} x {Escape(strongest.FactorB)} ({strongest.VarianceShare:P0}).</p>"));
    }

    private static void AppendReadingGuide(StringBuilder html)
    {
        html.Append("<h2>How to read this</h2><ul class=\"guide\">");
        html.Append("<li>Steps to target: the first evaluation step from which the train loss stays at or below the target to the end of the run (reached and held); a run that never gets there counts its full budget and is flagged target-not-reached, a pruned one counts the step it was stopped at as a lower bound.</li>");
        html.Append(CultureInfo.InvariantCulture, $"<li>Diagnoses, the first that holds: failed; diverged (NaN or infinite loss); pruned; diverging (train rising at the end, at least {AnalysisThresholds.DivergingFactor:G}x its best); unstable (a blow-up beyond the curve's batch noise, or confirmed by validation, or validation jumping to worse than chance, or gave back half of what it learned, or ended above where it started); stalled (never clearly below the chance level); overfitting (validation rising or climbing from an early best, or the train/validation gap growing); still learning (train, or validation with train flat, falling over the last {AnalysisThresholds.TrendWindowFraction:P0} of the curve); converged. Hover a diagnosis in the ranking for each seed's numbers.</li>");
        html.Append(CultureInfo.InvariantCulture, $"<li>Flags: vanishing gradients when the first hidden layer's gradient norm is below {AnalysisThresholds.VanishingRatio:G} of the last one's; exploding when above {AnalysisThresholds.ExplodingRatio:G}x, or when the global norm grows {AnalysisThresholds.ExplodingGrowth:G}x or turns NaN; dead ReLUs / saturated units when at least {AnalysisThresholds.DeadFraction:P0} of units are.</li>");
        html.Append("</ul>");
    }

    // Sized so that nothing is wider than the viewport from 800 px up: tables wrap their cells, charts fill their column.
    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:16px 24px;color:#222;max-width:1860px}" +
        "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}" +
        "table{border-collapse:collapse;font-size:12px;width:100%}th,td{border:1px solid #ddd;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere}" +
        "th{background:#f3f3f3;overflow-wrap:normal}table.findings td:nth-child(2){overflow-wrap:normal;white-space:nowrap}tr.holds td:nth-child(2){color:#11772d;font-weight:bold}tr.fails td:nth-child(2){color:#b00;font-weight:bold}" +
        "ul{padding-left:18px;margin:0}" +
        ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px}" +
        "figure{margin:0;min-width:0}figcaption{font-size:11px;color:#555;overflow-wrap:anywhere}figcaption.title{font-size:13px;color:#222;font-weight:600}" +
        ".chart{width:100%;height:360px;min-width:0}.chart.tall{height:440px}.chart.short{height:240px}" +
        ".controls{font-size:12px;margin:6px 0}.controls select{max-width:100%;font-size:12px}.controls label{display:inline-block;max-width:100%}" +
        ".note{font-size:12px;color:#555}.errors:empty{display:none}.errors{color:#b00}"
        + ".targets{font-size:13px;margin:4px 0 12px}.targets .warning{color:#a40;font-weight:bold}";
}

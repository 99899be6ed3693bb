using Sweep.Analysis;

namespace Sweep.Dashboard;

/// <summary>The live page: layout, the report's chart library and shared chart options, and dashboard.js, which polls /api/state.</summary>
internal static class DashboardPage
{
    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Sweep.Dashboard.dashboard.js")
            ?? throw new InvalidOperationException("Resource 'Sweep.Dashboard.dashboard.js' is missing from Sweep.Dashboard.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Html() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Sweep: live</title><style>" + Style + "</style></head><body>"
        + "<h1 id=\"title\">Sweep: live</h1><p id=\"status\" class=\"note\">waiting for the first progress report…</p>"
        + "<div class=\"bar\"><div id=\"bar-done\"></div></div><p id=\"counts\"></p><p id=\"warning\" class=\"warning\"></p>"
        + "<div class=\"columns\"><section><h2>Workers</h2><table id=\"workers\"><thead><tr><th>Worker</th><th>Busy</th><th>Running trials (step / total)</th></tr></thead><tbody></tbody></table></section>"
        + "<section><h2>Latest finished</h2><table id=\"recent\"><thead><tr><th>Trial</th><th>Status</th><th>Seconds</th><th>Worker</th></tr></thead><tbody></tbody></table></section></div>"
        + "<h2>Train loss of running trials</h2><p class=\"note\">One line per running trial, from its worker's progress reports (a few a second); a trial leaves this chart when it finishes.</p>"
        + "<div class=\"chart\" id=\"chart-live-running\"></div>"
        + "<h2>Train loss of finished trials</h2><p class=\"note\">One series per configuration, its seeds as thin lines; hover for values, drag or scroll to zoom, click the legend to hide a configuration.</p>"
        + "<div class=\"chart\" id=\"chart-live-train\"></div>"
        + "<h2>Ranking so far</h2><p id=\"ranking-note\" class=\"note\"></p><table id=\"ranking\"><thead><tr><th>Rank</th><th>Configuration</th><th>Seeds</th><th id=\"ranked-by\">Metric [95% CI]</th><th>Reached</th><th>Diagnosis</th><th>Flags</th></tr></thead><tbody></tbody></table>"
        + $"<p class=\"note\">Read-only view, refreshed every second; charts drawn with {ChartLibrary.Name} {ChartLibrary.Version} ({ChartLibrary.License}), served by this process: no other network.</p>"
        + ChartLibrary.Inline(ChartLibrary.ECharts) + ChartLibrary.Inline(ChartLibrary.SharedScript) + ChartLibrary.Inline(Script.Value)
        + "</body></html>\n";

    private const string Style =
        "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:16px 24px;color:#222;max-width:1860px}" +
        "h1{font-size:22px}h2{font-size:17px;margin-top:22px;border-bottom:1px solid #ddd}" +
        "table{border-collapse:collapse;font-size:12px;width:100%}th,td{border:1px solid #ddd;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f3f3f3}" +
        ".columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,520px),1fr));gap:16px}section{min-width:0}" +
        ".bar{height:14px;background:#eee;border-radius:3px;overflow:hidden}#bar-done{height:100%;width:0;background:#4c78a8}" +
        ".step{display:inline-block;width:60px;height:8px;background:#eee;margin-right:4px;vertical-align:middle}.step>span{display:block;height:100%;background:#72b7b2}" +
        ".chart{width:100%;height:420px;min-width:0}.note{font-size:12px;color:#555}.warning{color:#b35900;font-size:12px}.done{color:#11772d;font-weight:bold}";
}

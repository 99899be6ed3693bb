using System.Reflection;

namespace Sweep.Analysis;

/// <summary>
/// The chart library every page inlines: Apache ECharts, vendored under Report/Vendor/echarts with its
/// license (a fresh clone needs no npm; the page needs no network), plus the project's scripts.
/// </summary>
public static class ChartLibrary
{
    public const string Name = "Apache ECharts";
    public const string Version = "6.1.0";
    public const string License = "Apache-2.0";

    private static readonly Lazy<string> EChartsText = new(() => Resource("echarts.min.js"));
    private static readonly Lazy<string> ChartsText = new(() => Resource("charts.js"));
    private static readonly Lazy<string> ReportText = new(() => Resource("report.js"));

    /// <summary>echarts.min.js as shipped.</summary>
    public static string ECharts => EChartsText.Value;

    /// <summary>window.SweepCharts: chart options shared by the report and the live dashboard.</summary>
    public static string SharedScript => ChartsText.Value;

    /// <summary>The static report's script (reads #report-data).</summary>
    internal static string ReportScript => ReportText.Value;

    /// <summary>A script element holding <paramref name="script"/>; "&lt;/" is escaped so no text ends the element early.</summary>
    public static string Inline(string script) => "<script>" + script.Replace("</", "<\\/", StringComparison.Ordinal) + "</script>";

    private static string Resource(string name)
    {
        using var stream = typeof(ChartLibrary).Assembly.GetManifestResourceStream("Sweep.Analysis." + name)
            ?? throw new InvalidOperationException($"Resource 'Sweep.Analysis.{name}' is missing from {typeof(ChartLibrary).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

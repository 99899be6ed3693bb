using System.Globalization;
using System.Net;
using System.Text;

namespace Sweep.Analysis;

/// <summary>Small helpers the charts share: invariant numbers, escaping, a palette and axis ticks.</summary>
internal static class Svg
{
    public static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Opens a chart: its kind and how many data marks it draws are attributes tests and readers can check.</summary>
    public static void Open(StringBuilder svg, string kind, int width, int height, int marks, string title)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" data-chart=\"{kind}\" data-marks=\"{marks}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>");
    }

    public static void Text(StringBuilder svg, double x, double y, string text, string anchor = "middle", int size = 11, string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" font-size=\"{size}\"{extra}>{Escape(text)}</text>");

    /// <summary>About five round tick values covering [low, high].</summary>
    public static IReadOnlyList<double> LinearTicks(double low, double high)
    {
        if (!(high > low))
        {
            return [low];
        }

        double rough = (high - low) / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= rough);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(low / step) * step; t <= high + step * 1e-9; t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    public static string Label(double value) => MetricStats.Format(value);
}

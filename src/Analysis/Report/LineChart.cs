using System.Globalization;
using System.Text;

namespace Sweep.Analysis;

/// <summary>One line of a <see cref="LineChart"/>: (x, y) points in x order.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

/// <summary>
/// Lines over a shared x axis, y linear or log10. Points that cannot be drawn (NaN, infinite,
/// or not positive on a log axis) break the line rather than being invented.
/// </summary>
internal static class LineChart
{
    private const int Width = 560;
    private const int Height = 320;
    private const int Left = 64;
    private const int Right = 150;
    private const int Top = 28;
    private const int Bottom = 40;

    public static string Render(string kind, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logY)
    {
        bool Drawable((double X, double Y) p) => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logY || p.Y > 0);
        var all = series.SelectMany(s => s.Points).Where(Drawable).ToList();
        var svg = new StringBuilder();
        Svg.Open(svg, kind, Width, Height, all.Count, title);
        Svg.Text(svg, Width / 2.0, 16, title, size: 13, extra: " font-weight=\"bold\"");
        if (all.Count == 0)
        {
            Svg.Text(svg, Width / 2.0, Height / 2.0, "no data to draw");
            svg.Append("</svg>");
            return svg.ToString();
        }

        double xMin = all.Min(p => p.X), xMax = all.Max(p => p.X);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        double Y(double y) => logY ? Math.Log10(y) : y;
        double yMin = all.Min(p => Y(p.Y)), yMax = all.Max(p => Y(p.Y));
        if (yMax - yMin < 1e-12)
        {
            yMin -= 0.5;
            yMax += 0.5;
        }

        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Px(double x) => Left + (x - xMin) / (xMax - xMin) * plotW;
        double Py(double y) => Top + (1 - (Y(y) - yMin) / (yMax - yMin)) * plotH;

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Svg.N(plotW)}\" height=\"{Svg.N(plotH)}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        foreach (double tick in Svg.LinearTicks(xMin, xMax))
        {
            Svg.Text(svg, Px(tick), Height - Bottom + 14, Svg.Label(tick));
        }

        var yTicks = logY ? DecadeTicks(yMin, yMax) : [.. Svg.LinearTicks(yMin, yMax)];
        if (yTicks.Count == 0)
        {
            yTicks = [logY ? Math.Pow(10, yMin) : yMin];
        }

        foreach (double tick in yTicks)
        {
            double py = Py(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Svg.N(Left + plotW)}\" y1=\"{Svg.N(py)}\" y2=\"{Svg.N(py)}\" stroke=\"#e3e3e3\"/>");
            Svg.Text(svg, Left - 6, py + 4, Svg.Label(tick), anchor: "end");
        }

        Svg.Text(svg, Left + plotW / 2, Height - 6, xLabel);
        Svg.Text(svg, 14, Top + plotH / 2, yLabel + (logY ? " (log)" : ""), extra: $" transform=\"rotate(-90 14 {Svg.N(Top + plotH / 2)})\"");

        int legendRow = 0;
        foreach (var s in series)
        {
            var path = new StringBuilder();
            bool penDown = false;
            int drawn = 0;
            foreach (var p in s.Points)
            {
                if (!Drawable(p))
                {
                    penDown = false;
                    continue;
                }

                path.Append(CultureInfo.InvariantCulture, $"{(penDown ? 'L' : 'M')}{Svg.N(Px(p.X))},{Svg.N(Py(p.Y))} ");
                penDown = true;
                drawn++;
            }

            if (drawn == 0)
            {
                continue;
            }

            string dash = s.Dashed ? " stroke-dasharray=\"5,3\"" : "";
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"series\" data-points=\"{drawn}\" d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.6\"{dash}><title>{Svg.Escape(s.Name)}</title></path>");
            double ly = Top + 10 + legendRow++ * 15;
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{Svg.N(Left + plotW + 8)}\" x2=\"{Svg.N(Left + plotW + 26)}\" y1=\"{Svg.N(ly)}\" y2=\"{Svg.N(ly)}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/>");
            Svg.Text(svg, Left + plotW + 30, ly + 4, Shorten(s.Name, 20), anchor: "start", size: 10);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Powers of ten within [10^low, 10^high], every k-th decade so that at most about eight are labelled.</summary>
    private static List<double> DecadeTicks(double low, double high)
    {
        int first = (int)Math.Ceiling(low - 1e-9), last = (int)Math.Floor(high + 1e-9);
        int stride = Math.Max(1, (int)Math.Ceiling((last - first + 1) / 8.0));
        var ticks = new List<double>();
        for (int e = first; e <= last; e += stride)
        {
            ticks.Add(Math.Pow(10, e));
        }

        return ticks;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

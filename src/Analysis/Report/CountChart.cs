using System.Globalization;
using System.Text;

namespace Sweep.Analysis;

/// <summary>Horizontal bars of counts (trials per diagnosis or per flag), zero counts included.</summary>
internal static class CountChart
{
    private const int Width = 420;
    private const int Left = 150;
    private const int RowHeight = 22;

    public static string Render(string kind, string title, IReadOnlyList<(string Label, int Count)> counts)
    {
        int height = 36 + counts.Count * RowHeight;
        int max = Math.Max(1, counts.Count == 0 ? 1 : counts.Max(c => c.Count));
        var svg = new StringBuilder();
        Svg.Open(svg, kind, Width, height, counts.Count(c => c.Count > 0), title);
        Svg.Text(svg, Width / 2.0, 16, title, size: 13, extra: " font-weight=\"bold\"");
        double plotW = Width - Left - 50;
        for (int i = 0; i < counts.Count; i++)
        {
            double y = 28 + i * RowHeight;
            var (label, count) = counts[i];
            Svg.Text(svg, Left - 6, y + 14, label, anchor: "end", size: 11);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" x=\"{Left}\" y=\"{Svg.N(y + 3)}\" width=\"{Svg.N(plotW * count / max)}\" height=\"{RowHeight - 6}\" fill=\"{Svg.Palette[i % Svg.Palette.Length]}\"><title>{Svg.Escape($"{label}: {count}")}</title></rect>");
            Svg.Text(svg, Left + plotW * count / max + 4, y + 14, count.ToString(CultureInfo.InvariantCulture), anchor: "start", size: 10);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}

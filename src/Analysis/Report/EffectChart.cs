using System.Globalization;
using System.Text;

namespace Sweep.Analysis;

/// <summary>
/// Horizontal bars: one row per factor level with its marginal mean and a whisker for the
/// interval, grouped by factor (most important first), each group headed by its variance share.
/// </summary>
internal static class EffectChart
{
    private const int Width = 560;
    private const int Left = 180;
    private const int Right = 70;
    private const int RowHeight = 18;
    private const int HeaderHeight = 20;

    public static string Render(string title, IReadOnlyList<FactorEffect> effects)
    {
        int rows = effects.Sum(e => e.Levels.Count);
        int height = 44 + rows * RowHeight + effects.Count * HeaderHeight;
        var svg = new StringBuilder();
        var stats = effects.SelectMany(e => e.Levels).Select(l => l.Stats).Where(s => s.Count > 0).ToList();
        Svg.Open(svg, "effects", Width, height, stats.Count, title);
        Svg.Text(svg, Width / 2.0, 16, title, size: 13, extra: " font-weight=\"bold\"");
        if (stats.Count == 0)
        {
            Svg.Text(svg, Width / 2.0, 40, "no data to draw");
            svg.Append("</svg>");
            return svg.ToString();
        }

        double max = stats.Max(s => Math.Max(s.CiHigh, s.Mean));
        double min = Math.Min(0, stats.Min(s => Math.Min(s.CiLow, s.Mean)));
        if (max <= min)
        {
            max = min + 1;
        }

        double plotW = Width - Left - Right;
        double Px(double v) => Left + (v - min) / (max - min) * plotW;
        double y = 30;
        foreach (var effect in effects)
        {
            string header = $"{effect.Factor}: {effect.VarianceShare:P0} of variance";
            Svg.Text(svg, 8, y + 13, header, anchor: "start", size: 11, extra: " font-weight=\"bold\"");
            y += HeaderHeight;
            for (int i = 0; i < effect.Levels.Count; i++)
            {
                var level = effect.Levels[i];
                Svg.Text(svg, Left - 6, y + 12, level.Label, anchor: "end", size: 10);
                if (level.Stats.Count > 0)
                {
                    string color = level.Label == effect.BestLevel ? "#2ca02c" : Svg.Palette[0];
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<rect class=\"bar\" x=\"{Svg.N(Px(min))}\" y=\"{Svg.N(y + 3)}\" width=\"{Svg.N(Px(level.Stats.Mean) - Px(min))}\" height=\"{RowHeight - 6}\" fill=\"{color}\" opacity=\"0.75\"><title>{Svg.Escape($"{effect.Factor}={level.Label}: {level.Stats}")}</title></rect>");
                    double cy = y + RowHeight / 2.0;
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<line class=\"whisker\" x1=\"{Svg.N(Px(level.Stats.CiLow))}\" x2=\"{Svg.N(Px(level.Stats.CiHigh))}\" y1=\"{Svg.N(cy)}\" y2=\"{Svg.N(cy)}\" stroke=\"#222\" stroke-width=\"1.5\"/>");
                    Svg.Text(svg, Px(Math.Max(level.Stats.CiHigh, level.Stats.Mean)) + 4, y + 12, Svg.Label(level.Stats.Mean), anchor: "start", size: 9);
                }

                y += RowHeight;
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}

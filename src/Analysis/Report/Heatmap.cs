using System.Globalization;
using System.Text;

namespace Sweep.Analysis;

/// <summary>Cell means of a metric over two factors; darker is a larger value, empty cells are hatched grey.</summary>
internal static class Heatmap
{
    private const int Cell = 56;
    private const int Left = 120;
    private const int Top = 60;

    public static string Render(string title, FactorInteraction interaction)
    {
        int rows = interaction.LevelsA.Count, cols = interaction.LevelsB.Count;
        int width = Math.Max(360, Left + cols * Cell + 20);
        int height = Top + rows * Cell + 30;
        var values = interaction.CellMeans.Cast<double>().Where(double.IsFinite).ToList();
        var svg = new StringBuilder();
        Svg.Open(svg, "heatmap", width, height, values.Count, title);
        Svg.Text(svg, width / 2.0, 16, title, size: 13, extra: " font-weight=\"bold\"");
        Svg.Text(svg, Left + cols * Cell / 2.0, 36, interaction.FactorB, size: 11, extra: " font-style=\"italic\"");
        Svg.Text(svg, 10, Top - 8, interaction.FactorA, anchor: "start", size: 11, extra: " font-style=\"italic\"");
        double min = values.Count > 0 ? values.Min() : 0, max = values.Count > 0 ? values.Max() : 1;
        for (int j = 0; j < cols; j++)
        {
            Svg.Text(svg, Left + j * Cell + Cell / 2.0, Top - 8, interaction.LevelsB[j], size: 10);
        }

        for (int i = 0; i < rows; i++)
        {
            Svg.Text(svg, Left - 6, Top + i * Cell + Cell / 2.0 + 4, interaction.LevelsA[i], anchor: "end", size: 10);
            for (int j = 0; j < cols; j++)
            {
                double value = interaction.CellMeans[i, j];
                double t = double.IsFinite(value) && max > min ? (value - min) / (max - min) : 0.5;
                string fill = double.IsFinite(value) ? Shade(t) : "#ddd";
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"cell\" x=\"{Left + j * Cell}\" y=\"{Top + i * Cell}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" fill=\"{fill}\"><title>{Svg.Escape($"{interaction.FactorA}={interaction.LevelsA[i]}, {interaction.FactorB}={interaction.LevelsB[j]}: {Svg.Label(value)}")}</title></rect>");
                Svg.Text(svg, Left + j * Cell + Cell / 2.0 - 1, Top + i * Cell + Cell / 2.0 + 4, Svg.Label(value), size: 10,
                    extra: t > 0.55 ? " fill=\"#fff\"" : "");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>White-blue ramp: t = 0 light, t = 1 dark.</summary>
    private static string Shade(double t)
    {
        int r = (int)(235 - 200 * t), g = (int)(243 - 150 * t), b = (int)(251 - 70 * t);
        return $"#{r:x2}{g:x2}{b:x2}";
    }
}

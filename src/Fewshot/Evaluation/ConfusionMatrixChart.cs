using System.Globalization;
using ScottPlot;

namespace Fewshot.Evaluation;

/// <summary>The confusion-matrix heatmap, drawn with ScottPlot.</summary>
static class ConfusionMatrixChart
{
    public static void Save(ConfusionMatrix matrix, string path, bool normalise)
    {
        var n = matrix.Classes.Count;
        var values = CellValues(matrix, normalise);

        var plot = new Plot();
        CaptionFont.ApplyTo(plot);
        var colormap = new BluesColormap();
        var top = normalise ? 1 : Math.Max(1, values.Cast<double>().Max());
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = new ScottPlot.Range(0, top);
        // Cell (actual a, predicted p) is centred on x = p, y = n-1-a, so the first class is the top row.
        heatmap.Rectangle = new CoordinateRect(-0.5, n - 0.5, -0.5, n - 0.5);

        var fontSize = Math.Clamp(260f / n, 8f, 18f);
        for (var a = 0; a < n; a++)
            for (var p = 0; p < n; p++)
            {
                var label = normalise
                    ? values[a, p].ToString("0.00", CultureInfo.InvariantCulture)
                    : matrix[a, p].ToString(CultureInfo.InvariantCulture);
                var text = plot.Add.Text(label, p, n - 1 - a);
                text.LabelFontSize = fontSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = BluesColormap.IsDark(colormap.GetColor(values[a, p] / top)) ? Colors.White : Colors.Black;
            }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, matrix.Classes.ToArray());
        plot.Axes.Left.SetTicks(positions, matrix.Classes.Reverse().ToArray());
        var longest = matrix.Classes.Max(c => c.Length);
        if (longest > 6)
        {
            // ScottPlot does not make room for rotated tick labels itself: reserve it from the longest name.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 30 + 5.5f * longest;
        }
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title($"accuracy {matrix.Accuracy}");
        plot.Add.ColorBar(heatmap);

        var side = Math.Clamp(120 + 70 * n, 480, 1600);
        ChartFile.SavePng(plot, path, side + 120 + 7 * longest, side + 7 * longest);
    }

    // Normalised cells are the share of each actual class's photos, as in fastai (rows sum to 1).
    static double[,] CellValues(ConfusionMatrix matrix, bool normalise)
    {
        var n = matrix.Classes.Count;
        var values = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            var rowTotal = Enumerable.Range(0, n).Sum(p => matrix[a, p]);
            for (var p = 0; p < n; p++)
                values[a, p] = !normalise ? matrix[a, p] : rowTotal == 0 ? 0 : (double)matrix[a, p] / rowTotal;
        }
        return values;
    }
}

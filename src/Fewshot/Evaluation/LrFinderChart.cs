using System.Globalization;
using ScottPlot;

namespace Fewshot.Evaluation;

/// <summary>Loss against learning rate (log scale) with the two suggestions marked, drawn with ScottPlot.</summary>
public static class LrFinderChart
{
    public static void SavePng(LrFinderResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        CaptionFont.ApplyTo(plot);
        var x = result.Rates.Select(Math.Log10).ToArray();
        var raw = plot.Add.ScatterPoints(x, result.Losses.ToArray());
        raw.LegendText = "loss";
        raw.MarkerSize = 3;
        raw.Color = Colors.Gray.WithAlpha(0.5);
        var line = plot.Add.ScatterLine(x, result.Smoothed.ToArray());
        line.LegendText = "smoothed loss";
        line.LineWidth = 2;
        Mark(plot, result.Valley, "valley (suggested)", Colors.Red);
        Mark(plot, result.Steepest, "steepest", Colors.Green);
        var low = (int)Math.Floor(x.Min());
        var high = (int)Math.Ceiling(x.Max());
        var ticks = Enumerable.Range(low, high - low + 1).Select(e => (double)e).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(e => "1e" + e.ToString(CultureInfo.InvariantCulture)).ToArray());
        // The last steps blow up; keep the interesting part of the curve in view.
        var top = result.Smoothed.Take(Math.Max(1, result.Smoothed.Count * 9 / 10)).Max();
        plot.Axes.SetLimitsY(Math.Min(result.Smoothed.Min(), result.Losses.Min()) * 0.95, top * 1.3);
        plot.XLabel("learning rate");
        plot.YLabel("training loss");
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"learning-rate finder: valley {result.Valley:0.0e0}, steepest {result.Steepest:0.0e0}"));
        plot.ShowLegend(Alignment.UpperLeft);
        ChartFile.SavePng(plot, path, 800, 500);
    }

    static void Mark(Plot plot, double rate, string label, Color color)
    {
        var line = plot.Add.VerticalLine(Math.Log10(rate));
        line.Color = color;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = label;
    }
}

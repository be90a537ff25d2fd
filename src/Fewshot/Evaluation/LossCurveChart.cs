using ScottPlot;

namespace Fewshot.Evaluation;

/// <summary>Training and validation loss against step, drawn with ScottPlot.</summary>
static class LossCurveChart
{
    public static void Save(IReadOnlyList<(double Step, double Value)> train,
        IReadOnlyList<(double Step, double Value)>? valid, string path, string title)
    {
        var plot = new Plot();
        CaptionFont.ApplyTo(plot);
        if (train.Count > 0)
        {
            var line = plot.Add.ScatterLine(train.Select(p => p.Step).ToArray(), train.Select(p => p.Value).ToArray());
            line.LegendText = "train";
            line.LineWidth = 1.5f;
        }
        if (valid is { Count: > 0 })
        {
            var line = plot.Add.Scatter(valid.Select(p => p.Step).ToArray(), valid.Select(p => p.Value).ToArray());
            line.LegendText = "valid";
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel(title);
        if (train.Count > 0 || valid is { Count: > 0 }) plot.ShowLegend(Alignment.UpperRight);
        ChartFile.SavePng(plot, path, 800, 500);
    }
}

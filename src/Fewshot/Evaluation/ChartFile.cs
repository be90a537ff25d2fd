using ScottPlot;

namespace Fewshot.Evaluation;

/// <summary>Saves a chart as PNG the way every output is written: through a temporary file, failures as a clear message.</summary>
static class ChartFile
{
    public static void SavePng(Plot plot, string path, int width, int height)
    {
        var bytes = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}

namespace Fewshot.Evaluation.DataCheck;

/// <summary>Adds the data check to an HTML report: findings as text and a grid of the atypical photos.</summary>
public static class DataCheckSection
{
    public static void Add(HtmlReport html, DataCheckReport report, string? text = null)
    {
        html.Section("Data check").Preformatted(text ?? DataCheckText.Format(report));
        if (report.Atypical.Count == 0) return;
        var png = Path.Combine(Path.GetTempPath(), $"fewshot-atypical-{Guid.NewGuid():N}.png");
        var tiles = report.Atypical.Select(a => (Bitmap: Thumbnails.Load(a.Image.Path), Caption: $"{a.Image.Class} #{a.Rank} ({a.Distance:0.00})")).ToList();
        try
        {
            EvaluationPlots.SaveImageGridPng(tiles.Where(t => t.Bitmap is not null).Select(t => (t.Bitmap!, t.Caption)).ToList(), png,
                columns: Math.Max(1, report.Atypical.Max(a => a.Rank)));
            html.Image(png, "most atypical photos per class");
        }
        finally
        {
            foreach (var t in tiles) t.Bitmap?.Dispose();
            File.Delete(png);
        }
    }
}

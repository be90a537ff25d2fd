namespace Fewshot.Evaluation.CrossValidation;

/// <summary>The HTML report of <c>fewshot cv --report</c>.</summary>
public static class CrossValidationReport
{
    public static void Write(CrossValidationResult result, string summaryText, string path, int top = 12)
    {
        var report = new HtmlReport("Fewshot cross-validation");
        report.Section("Summary").Paragraph($"{result.Items.Count} labelled photos, {result.Classes.Count} classes, " +
                                            $"{result.Folds} stratified folds × {result.FoldAssignments.Count} repeat(s).")
            .Table(["recipe", "out-of-fold accuracy", "seconds"], result.Outcomes.Select(o =>
                (IReadOnlyList<string>)[o.Recipe, o.Accuracy.ToString(), o.Elapsed.TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)]))
            .Preformatted(summaryText);
        var scratch = Directory.CreateTempSubdirectory("fewshot-report-");
        try
        {
            report.Section("Confusion matrix");
            foreach (var outcome in result.Outcomes)
            {
                var png = Path.Combine(scratch.FullName, outcome.Recipe + "-confusion.png");
                EvaluationPlots.SaveConfusionMatrixPng(outcome.Matrix, png);
                report.Image(png, $"{outcome.Recipe}: out-of-fold confusion matrix");
            }
            report.Section("Top losses");
            foreach (var outcome in result.Outcomes)
            {
                var png = Path.Combine(scratch.FullName, outcome.Recipe + "-top-losses.png");
                EvaluationPlots.SaveTopLossesGridPng(outcome.ByLoss().Take(top).ToList(), result.Classes, r => Thumbnails.Load(r.Path), png);
                report.Image(png, $"{outcome.Recipe}: highest out-of-fold losses (likely mislabels)");
            }
            report.Save(path);
        }
        finally { scratch.Delete(recursive: true); }
    }
}

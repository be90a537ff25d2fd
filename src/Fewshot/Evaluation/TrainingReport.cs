using System.Globalization;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>
/// The HTML report of a training run (or of <c>fewshot interpret</c>, which has no history): epoch table, loss and
/// learning-rate curves, confusion matrix, top losses, data-check findings; the dataset preview is the PNG the run wrote
/// (<see cref="Interpretation.SaveDatasetPreview"/>), so the report shows the same photos.
/// </summary>
public static class TrainingReport
{
    public static void Write(string path, string title, Interpretation interpretation, IReadOnlyList<EpochResult> history,
        IReadOnlyList<(double Step, double Value)> trainLoss, IReadOnlyList<(double Step, double Rate)> learningRates,
        DataCheckReport? check, string? previewPng = null)
    {
        var c = CultureInfo.InvariantCulture;
        var html = new HtmlReport(title);
        var scratch = Directory.CreateTempSubdirectory("fewshot-report-");
        try
        {
            html.Section("Summary").Paragraph("Validation accuracy: " + interpretation.Matrix.Accuracy);
            if (previewPng is not null)
                html.Image(previewPng, "a few training photos of each class, and under each the augmented view training made of it");
            if (history.Count > 0)
            {
                html.Section("Epochs").Table(["stage", "epoch", "train_loss", "valid_loss", "error_rate", "accuracy", "time"],
                    history.Select(e => (IReadOnlyList<string>)[e.Stage.ToString(c), e.Epoch.ToString(c), e.TrainLoss.ToString("F6", c),
                        e.ValidLoss.ToString("F6", c), e.ErrorRate.ToString("F6", c), e.Accuracy.ToString(), e.Elapsed.TotalSeconds.ToString("F1", c) + "s"]));
                html.Section("Curves");
                var loss = Path.Combine(scratch.FullName, "loss.png");
                var stepsPerEpoch = history.Count > 0 && trainLoss.Count > 0 ? (double)trainLoss.Count / history.Count : 1;
                EvaluationPlots.SaveLossCurvePng(trainLoss,
                    history.Select((e, i) => ((i + 1) * stepsPerEpoch, e.ValidLoss)).ToList(), loss);
                html.Image(loss, "training loss per step and validation loss per epoch");
                if (learningRates.Count > 0)
                {
                    var lr = Path.Combine(scratch.FullName, "lr.png");
                    EvaluationPlots.SaveLossCurvePng(learningRates, null, lr, "learning rate (head)");
                    html.Image(lr, "learning rate of the head per step (one-cycle schedule)");
                }
            }
            html.Section("Confusion matrix").Preformatted(interpretation.ToText(topLosses: 0));
            var prefix = Path.Combine(scratch.FullName, "interp");
            var plots = interpretation.SavePlots(prefix);
            html.Image(plots[0], "confusion matrix");
            html.Section("Top losses").Image(plots[1], "validation photos with the highest loss: prediction/actual/loss/probability")
                .Preformatted(string.Join(Environment.NewLine, interpretation.TopLosses(9)
                    .Select(r => $"{EvaluationPlots.TopLossCaption(r, interpretation.Classes)}  {r.Path}")));
            if (check is not null) DataCheckSection.Add(html, check);
            html.Save(path);
        }
        finally { scratch.Delete(recursive: true); }
    }
}

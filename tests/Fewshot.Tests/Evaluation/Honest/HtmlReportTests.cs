using Fewshot.Evaluation;
using Fewshot.Evaluation.DataCheck;
using Fewshot.Training;

namespace Fewshot.Tests.Evaluation.Honest;

public sealed class HtmlReportTests
{
    [Fact]
    public void TrainingReportIsOneFileWithItsSectionsAndInlinePictures()
    {
        string[] classes = ["cat", "dog"];
        var predictions = new List<PredictionRecord>
        {
            new("/nowhere/cat1.jpg", 0, 0, [0.9f, 0.1f]),
            new("/nowhere/cat2.jpg", 0, 1, [0.3f, 0.7f]),
            new("/nowhere/dog1.jpg", 1, 1, [0.2f, 0.8f]),
        };
        var history = new List<EpochResult>
        {
            new(1, 1, 2, 0.9, 0.8, new Proportion(1, 3), TimeSpan.FromSeconds(2)),
            new(1, 2, 2, 0.6, 0.5, new Proportion(2, 3), TimeSpan.FromSeconds(2)),
        };
        var losses = Enumerable.Range(0, 10).Select(i => ((double)i, 1.0 / (i + 1))).ToList();
        var rates = Enumerable.Range(0, 10).Select(i => ((double)i, 1e-3 * i)).ToList();
        var check = new DataCheckReport("/nowhere", [], [new DataCheckFinding(FindingKind.Tiny, "'/nowhere/icon.png' is only 16×16 pixels", ["/nowhere/icon.png"])], [], []);
        var path = Path.Combine(Path.GetTempPath(), $"fewshot-report-{Guid.NewGuid():N}.html");
        try
        {
            TrainingReport.Write(path, "test run", new Interpretation(classes, predictions), history, losses, rates, check);
            var html = File.ReadAllText(path);
            foreach (var section in new[] { "summary", "epochs", "curves", "confusion-matrix", "top-losses", "data-check" })
                Assert.Contains($"<section id=\"{section}\">", html);
            Assert.Contains("66.7% (2/3, 95% CI", html);           // the epoch table's accuracy with its interval
            Assert.Contains("16×16", html);                        // the data-check finding
            Assert.True(html.Split("src=\"data:image/png;base64,").Length - 1 >= 4, "loss, lr, confusion and top-loss pictures are inline");
            Assert.DoesNotContain("src=\"/", html);                 // nothing refers to another file
        }
        finally { File.Delete(path); }
    }
}

using System.Globalization;
using System.Text;
using Fewshot.Data;
using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>
/// fastai's ClassificationInterpretation: what a model got wrong on its validation photos — confusion matrix,
/// per-class precision and recall with intervals, most-confused pairs and the photos with the highest loss.
/// </summary>
public sealed class Interpretation
{
    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<PredictionRecord> Predictions { get; }
    public ConfusionMatrix Matrix { get; }

    public Interpretation(IReadOnlyList<string> classes, IReadOnlyList<PredictionRecord> predictions)
    {
        Classes = classes;
        Predictions = predictions;
        Matrix = new ConfusionMatrix(classes, predictions.Select(p => p.Actual).ToList(), predictions.Select(p => p.Predicted).ToList());
    }

    public Interpretation(IReadOnlyList<string> classes, ValidationReport validation) : this(classes, validation.Predictions) { }

    public IReadOnlyList<PredictionRecord> TopLosses(int count) => Evaluation.TopLosses.Rank(Predictions, count);

    /// <summary>Accuracy, confusion matrix, per-class table, most-confused pairs and the top losses as text.</summary>
    public string ToText(int topLosses = 9)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Validation accuracy: {Matrix.Accuracy}");
        text.Append(Matrix.ToText());
        text.AppendLine();
        return text.Append(DetailsText(topLosses)).ToString();
    }

    /// <summary>Per-class precision and recall (with intervals), most-confused pairs and the top losses.</summary>
    public string DetailsText(int topLosses = 9)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var width = Math.Max(5, Classes.Max(n => n.Length));
        text.AppendLine(c, $"{"class".PadRight(width)}  {"precision",-36}  {"recall",-36}  support");
        for (int k = 0; k < Classes.Count; k++)
            text.AppendLine(c, $"{Classes[k].PadRight(width)}  {Matrix.PrecisionOf(k),-36}  {Matrix.RecallOf(k),-36}  {Matrix.RecallOf(k).Total}");
        var confused = Matrix.MostConfused();
        text.AppendLine();
        text.AppendLine(confused.Count == 0 ? "No confusions." : "Most confused (actual → predicted: photos):");
        foreach (var (actual, predicted, count) in confused.Take(10)) text.AppendLine(c, $"  {actual} → {predicted}: {count}");
        var top = TopLosses(topLosses);
        if (top.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Top losses (predicted/actual/loss/probability of the prediction):");
            foreach (var r in top) text.AppendLine(c, $"  {EvaluationPlots.TopLossCaption(r, Classes),-40} {r.Path}");
        }
        return text.ToString();
    }

    /// <summary>Writes PREFIX.confusion.png and PREFIX.top-losses.png; returns their paths.</summary>
    public IReadOnlyList<string> SavePlots(string prefix, int topLosses = 9)
    {
        var confusion = prefix + ".confusion.png";
        var losses = prefix + ".top-losses.png";
        EvaluationPlots.SaveConfusionMatrixPng(Matrix, confusion);
        EvaluationPlots.SaveTopLossesGridPng(TopLosses(topLosses), Classes, r => Thumbnails.Load(r.Path), losses, columns: 3);
        return [confusion, losses];
    }

    /// <inheritdoc cref="DatasetPreview.Save"/>
    public static void SaveDatasetPreview(IReadOnlyList<LabelledImage> items, IReadOnlyList<string> classes, string path,
        DataOptions? training = null, int perClass = 4, int seed = 0) =>
        DatasetPreview.Save(items, classes, path, training ?? new DataOptions(), perClass, seed);
}

using Fewshot.Training;
using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>PNG pictures of an evaluation: confusion matrix, top losses, dataset preview and loss curves.</summary>
public static class EvaluationPlots
{
    /// <summary>Whether captions, labels and titles show: the embedded font has Latin glyphs.</summary>
    public static bool CanRenderText => CaptionFont.CanRenderText;

    /// <summary>
    /// A heatmap of the matrix with each cell's count written on it (or, when <paramref name="normalise"/>,
    /// the fraction of the actual class's photos), actual classes down the side, predicted along the bottom.
    /// </summary>
    public static void SaveConfusionMatrixPng(ConfusionMatrix matrix, string path, bool normalise = false)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ConfusionMatrixChart.Save(matrix, PrepareOutput(path), normalise);
    }

    /// <summary>
    /// A grid of the given records (usually <see cref="TopLosses.Rank"/>'s), each captioned like fastai's
    /// plot_top_losses: "predicted/actual/loss/probability of the prediction". Captions of wrong predictions are red.
    /// <paramref name="loadThumbnail"/> may return null for a photo it cannot read; the bitmaps it returns are disposed here.
    /// </summary>
    public static void SaveTopLossesGridPng(IReadOnlyList<PredictionRecord> records, IReadOnlyList<string> classes,
        Func<PredictionRecord, SKBitmap?> loadThumbnail, string path, int columns = 4)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(loadThumbnail);
        var output = PrepareOutput(path);
        var tiles = new List<ImageGrid.Tile>(records.Count);
        try
        {
            foreach (var record in records)
                tiles.Add(new ImageGrid.Tile(loadThumbnail(record), TopLossCaption(record, classes), !record.IsCorrect));
            ImageGrid.Save(tiles, output, columns, "prediction/actual/loss/probability");
        }
        finally
        {
            foreach (var tile in tiles) tile.Image?.Dispose();
        }
    }

    /// <summary>A grid of captioned images, like fastai's show_batch. The bitmaps stay the caller's.</summary>
    public static void SaveImageGridPng(IReadOnlyList<(SKBitmap Image, string Caption)> tiles, string path, int columns = 4)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ImageGrid.Save(tiles.Select(t => new ImageGrid.Tile(t.Image, t.Caption, false)).ToArray(), PrepareOutput(path), columns, null);
    }

    /// <summary>Training loss per step as a line, with the validation loss (if any) as a marked line on the same axes.</summary>
    public static void SaveLossCurvePng(IReadOnlyList<(double Step, double Value)> train,
        IReadOnlyList<(double Step, double Value)>? valid, string path, string title = "loss")
    {
        ArgumentNullException.ThrowIfNull(train);
        LossCurveChart.Save(train, valid, PrepareOutput(path), title);
    }

    /// <summary>"cat/dog/2.30/0.90": predicted, actual, loss, probability of the predicted class.</summary>
    public static string TopLossCaption(PredictionRecord record, IReadOnlyList<string> classes) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{ClassName(classes, record.Predicted)}/{ClassName(classes, record.Actual)}/{record.Loss:0.00}/{record.PredictedProbability:0.00}");

    static string ClassName(IReadOnlyList<string> classes, int index) =>
        index >= 0 && index < classes.Count ? classes[index] : $"#{index}";

    static string PrepareOutput(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }
}

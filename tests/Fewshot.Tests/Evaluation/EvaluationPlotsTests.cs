using Fewshot.Evaluation;
using Fewshot.Training;
using SkiaSharp;

namespace Fewshot.Tests.Evaluation;

public sealed class EvaluationPlotsTests : IDisposable
{
    // Set FEWSHOT_KEEP_PLOTS to a folder to keep the pictures for a look.
    static readonly string? KeepIn = Environment.GetEnvironmentVariable("FEWSHOT_KEEP_PLOTS");

    readonly string _folder = KeepIn is { Length: > 0 }
        ? Directory.CreateDirectory(KeepIn).FullName
        : Directory.CreateTempSubdirectory("fewshot-plots-").FullName;

    public void Dispose()
    {
        if (KeepIn is not { Length: > 0 }) Directory.Delete(_folder, recursive: true);
    }

    static readonly string[] Classes = ["cat", "dog", "fox"];

    static ConfusionMatrix Sample() =>
        new(Classes, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 0, 1, 2, 1, 1]);

    static SKBitmap Solid(int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        return bitmap;
    }

    static SKBitmap Decode(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is suspiciously small");
        return SKBitmap.Decode(path) ?? throw new Xunit.Sdk.XunitException($"{path} is not a decodable image");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConfusionMatrixPng_IsWrittenAndDecodable(bool normalise)
    {
        var path = Path.Combine(_folder, "sub", "confusion.png");
        EvaluationPlots.SaveConfusionMatrixPng(Sample(), path, normalise);
        using var image = Decode(path);
        Assert.InRange(image.Width, 400, 2000);
        Assert.InRange(image.Height, 400, 2000);
    }

    [Fact]
    public void TopLossesGrid_HasOneTilePerRecordInRows()
    {
        PredictionRecord[] records =
        [
            new("a", 0, 1, [0.1f, 0.8f, 0.1f]), new("b", 2, 1, [0.2f, 0.5f, 0.3f]),
            new("c", 1, 1, [0.1f, 0.6f, 0.3f]), new("d", 0, 0, [0.9f, 0.05f, 0.05f]),
            new("missing", 2, 2, [0f, 0f, 1f]),
        ];
        var loaded = 0;
        var path = Path.Combine(_folder, "top-losses.png");
        EvaluationPlots.SaveTopLossesGridPng(records, Classes,
            record => { loaded++; return record.Path == "missing" ? null : Solid(300, 200, SKColors.SteelBlue); },
            path, columns: 2);

        Assert.Equal(5, loaded);
        using var image = Decode(path);
        Assert.True(image.Width is > 300 and < 600, $"width {image.Width} should fit 2 columns");
        Assert.True(image.Height > 3 * 200, $"height {image.Height} should fit 3 rows");
    }

    [Fact]
    public void ConfusionMatrixPng_CopesWithManyLongClassNames()
    {
        string[] classes = ["golden retriever", "labrador", "german shepherd", "beagle", "border collie", "pug"];
        var actual = Enumerable.Range(0, 120).Select(i => i % 6).ToArray();
        var predicted = actual.Select((a, i) => i % 7 == 0 ? (a + 1) % 6 : i % 11 == 0 ? (a + 2) % 6 : a).ToArray();
        var path = Path.Combine(_folder, "confusion-dogs.png");
        EvaluationPlots.SaveConfusionMatrixPng(new ConfusionMatrix(classes, actual, predicted), path);
        using var image = Decode(path);
        Assert.InRange(image.Width, 400, 2000);
    }

    [Fact]
    public void TopLossCaption_IsPredictedActualLossProbability()
    {
        var record = new PredictionRecord("a", 1, 0, [0.75f, 0.25f, 0f]);
        Assert.Equal("cat/dog/1.39/0.75", EvaluationPlots.TopLossCaption(record, Classes));
    }

    [Fact]
    public void ImageGrid_DrawsImagesAndCaptionText()
    {
        using var red = Solid(120, 80, SKColors.Red);
        using var green = Solid(64, 64, SKColors.Green);
        var path = Path.Combine(_folder, "batch.png");
        EvaluationPlots.SaveImageGridPng([(red, "WWWWWWWW"), (green, "MMMMMMMM"), (red, "Hello")], path, columns: 3);

        using var image = Decode(path);
        Assert.True(image.Width > image.Height, "three columns in one row should be wider than tall");
        var pixels = image.Pixels;
        Assert.Contains(pixels, p => p.Red > 200 && p.Green < 50 && p.Blue < 50);
        Assert.Contains(pixels, p => p.Green > 100 && p.Red < 50 && p.Blue < 50);

        // Captions sit below the images; text there means a usable font was found.
        var captionRows = Enumerable.Range(image.Height - 40, 40);
        var dark = captionRows.Sum(y => Enumerable.Range(0, image.Width).Count(x => image.GetPixel(x, y).Red < 128));
        Assert.True(dark > 50, "caption text did not render");
    }

    [Fact]
    public void AFontWithLatinGlyphs_IsAvailable()
    {
        Assert.True(EvaluationPlots.CanRenderText, "the embedded font has no Latin glyphs");
    }

    [Fact]
    public void The_font_of_every_picture_is_embedded_not_looked_for_on_the_machine()
    {
        // Without an installed font the pictures had no text; the typeface now comes from Fewshot.dll itself.
        Assert.Contains("Fewshot.Fonts.DejaVuSans.ttf", typeof(EvaluationPlots).Assembly.GetManifestResourceNames());
        Assert.Equal("DejaVu Sans", CaptionFont.Typeface.FamilyName);
        Assert.True(File.Exists(Path.Combine(Support.SharedData.RepositoryRoot, "src", "Fewshot", "Evaluation", "Fonts", "LICENSE-DejaVu.txt")));
    }

    [Fact]
    public void ImageGrid_WithNoTiles_StillWritesAPicture()
    {
        var path = Path.Combine(_folder, "empty.png");
        EvaluationPlots.SaveImageGridPng([], path);
        using var image = Decode(path);
        Assert.True(image.Width > 100);
    }

    [Fact]
    public void LossCurvePng_IsWrittenWithAndWithoutValidation()
    {
        var train = Enumerable.Range(0, 50).Select(i => ((double)i, 2.0 * Math.Exp(-i / 15.0) + 0.1)).ToArray();
        var valid = new[] { (10.0, 1.2), (20.0, 0.8), (30.0, 0.6), (40.0, 0.55), (49.0, 0.5) };

        var both = Path.Combine(_folder, "loss.png");
        EvaluationPlots.SaveLossCurvePng(train, valid, both);
        using (var image = Decode(both)) Assert.Equal((800, 500), (image.Width, image.Height));

        var trainOnly = Path.Combine(_folder, "loss-train.png");
        EvaluationPlots.SaveLossCurvePng(train, null, trainOnly, "fine-tune loss");
        using (Decode(trainOnly)) { }
    }
}

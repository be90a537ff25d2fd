using Fewshot.Evaluation;
using Fewshot.Tests.Support;
using SkiaSharp;

namespace Fewshot.Tests.Evaluation;

public sealed class DatasetPreviewTests
{
    [Fact]
    public void The_preview_shows_each_photo_and_under_it_the_augmented_view_training_made_of_it()
    {
        var split = TestData.Subset("bears", trainPerClass: 2, validPerClass: 0, "black");
        var path = Path.Combine(Path.GetTempPath(), $"fewshot-preview-{Guid.NewGuid():N}.png");
        try
        {
            Interpretation.SaveDatasetPreview(split.Train, split.Classes, path, perClass: 2);

            using var image = SKBitmap.Decode(path);
            // Two photos of one class: a row of the photos, and a row of their training views under it.
            Assert.True(image.Height > image.Width * 0.9, $"{image.Width}×{image.Height}: one row, no training views");
            Assert.True(Differs(image), "the training views look like the photos themselves");
        }
        finally { File.Delete(path); }
    }

    /// <summary>Whether the second row's pixels differ from the first row's, cell by cell.</summary>
    static bool Differs(SKBitmap image)
    {
        int half = image.Height / 2;
        long different = 0;
        for (int y = 0; y < half; y++)
            for (int x = 0; x < image.Width; x++)
                if (Math.Abs(image.GetPixel(x, y).Red - image.GetPixel(x, y + half).Red) > 30) different++;
        return different > image.Width * half / 10;
    }
}

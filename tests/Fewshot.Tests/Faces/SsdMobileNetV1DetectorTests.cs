using Fewshot.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

public sealed class SsdMobileNetV1DetectorTests(FaceModelsFixture models, ITestOutputHelper output)
    : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Boxes_match_face_api_within_a_pixel()
    {
        Torch.Ready();
        using var detector = SsdMobileNetV1Detector.Load(models.RequireModels());
        double worstScore = 0, worstPixel = 0;
        foreach (var c in FaceReferenceCase.LoadAll().Where(c => c.SsdDetections is not null))
        {
            var found = detector.Detect(c.Rgb, c.Width, c.Height);
            output.WriteLine($"{c}: {string.Join("; ", found)}");
            Assert.Equal(c.SsdDetections!.Length, found.Count);
            foreach (var (box, expected) in found.Zip(c.SsdDetections))
            {
                float[] actual = [box.Score, box.X, box.Y, box.Width, box.Height];
                worstScore = Math.Max(worstScore, Math.Abs(actual[0] - expected[0]));
                Assert.Equal(expected[0], box.Score, 1e-3);
                for (var k = 1; k < 5; k++)
                {
                    worstPixel = Math.Max(worstPixel, Math.Abs(actual[k] - expected[k]));
                    Assert.Equal(expected[k], actual[k], 1.0);
                }
            }
        }
        output.WriteLine($"max score diff {worstScore:E2}, max box diff {worstPixel:E2} px");
    }

    [Fact]
    public void Finds_no_face_in_flower_photos()
    {
        Torch.Ready();
        var photos = Directory.GetFiles(Path.Combine(SharedData.Dataset("flowers5"), "valid"), "*.jpg",
            SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(4).ToList();
        using var detector = SsdMobileNetV1Detector.Load(models.RequireModels());
        foreach (var photo in photos)
        {
            var (rgb, width, height) = TestImages.DecodeRgb(photo);
            Assert.Empty(detector.Detect(rgb, width, height));
        }
    }
}

using System.Diagnostics;
using Fewshot.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

public sealed class TinyFaceDetectorTests(FaceModelsFixture models, ITestOutputHelper output)
    : IClassFixture<FaceModelsFixture>
{
    [Fact]
    public void Raw_output_matches_face_api()
    {
        Torch.Ready();
        using var detector = TinyFaceDetector.Load(models.RequireModels());
        double worstAbs = 0, worstScaled = 0;
        foreach (var c in FaceReferenceCase.LoadAll().Where(c => c.DetectorRaw.Length > 0))
        {
            using var raw = detector.RawOutput(c.Rgb, c.Width, c.Height);
            Assert.Equal(new long[] { 1, 13, 13, 25 }, raw.shape);
            var actual = raw.data<float>().ToArray();
            for (var i = 0; i < actual.Length; i++)
            {
                var expected = c.DetectorRaw[i];
                var diff = Math.Abs(actual[i] - expected);
                var scaled = diff / Math.Max(1, Math.Abs(expected));
                worstAbs = Math.Max(worstAbs, diff);
                worstScaled = Math.Max(worstScaled, scaled);
                Assert.True(scaled < 1e-4, $"{c}[{i}]: {actual[i]} vs {expected}");
            }
        }
        output.WriteLine($"raw output: max abs diff {worstAbs:E2}, max diff / max(1, |value|) {worstScaled:E2}");
    }

    [Fact]
    public void Boxes_match_face_api_within_a_pixel()
    {
        Torch.Ready();
        using var detector = TinyFaceDetector.Load(models.RequireModels());
        foreach (var c in FaceReferenceCase.LoadAll().Where(c => c.TinyDetections is not null))
        {
            var found = detector.Detect(c.Rgb, c.Width, c.Height);
            Assert.Equal(c.TinyDetections!.Length, found.Count);
            foreach (var (box, expected) in found.Zip(c.TinyDetections))
            {
                output.WriteLine($"{c}: {box}");
                Assert.Equal(expected[0], box.Score, 1e-3);
                Assert.Equal(expected[1], box.X, 1.0);
                Assert.Equal(expected[2], box.Y, 1.0);
                Assert.Equal(expected[3], box.Width, 1.0);
                Assert.Equal(expected[4], box.Height, 1.0);
            }
        }
    }

    [Fact]
    public void Finds_no_face_in_flower_photos()
    {
        Torch.Ready();
        var photos = Directory.GetFiles(Path.Combine(SharedData.Dataset("flowers5"), "valid"), "*.jpg",
            SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(6).ToList();
        using var detector = TinyFaceDetector.Load(models.RequireModels());
        foreach (var photo in photos)
        {
            var (rgb, width, height) = TestImages.DecodeRgb(photo);
            Assert.Empty(detector.Detect(rgb, width, height));
        }
    }

    [Fact]
    public void Detection_and_embedding_time_is_reported()
    {
        Torch.Ready();
        var directory = models.RequireModels();
        var cases = FaceReferenceCase.LoadAll().Where(c => c.TinyDetections is { Length: > 0 }).ToList();
        using var detector = TinyFaceDetector.Load(directory);
        using var recognizer = FaceRecognitionNet.Load(directory);
        var c0 = cases[0];
        detector.Detect(c0.Rgb, c0.Width, c0.Height);
        recognizer.ComputeDescriptors([(c0.Rgb, c0.Width, c0.Height)]).Dispose();

        var detect = new Stopwatch();
        var embed = new Stopwatch();
        const int rounds = 3;
        for (var r = 0; r < rounds; r++)
            foreach (var c in cases)
            {
                detect.Start();
                detector.Detect(c.Rgb, c.Width, c.Height);
                detect.Stop();
                embed.Start();
                recognizer.ComputeDescriptors([(c.Rgb, c.Width, c.Height)]).Dispose();
                embed.Stop();
            }
        var n = rounds * cases.Count;
        output.WriteLine($"per image: detection {detect.Elapsed.TotalMilliseconds / n:F1} ms, " +
                         $"embedding {embed.Elapsed.TotalMilliseconds / n:F1} ms");
    }
}

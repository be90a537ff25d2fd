using System.Diagnostics;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Tests.Support;
using static TorchSharp.torch;

namespace Fewshot.Tests.Models;

public sealed class BackboneMatchesOnnxRuntimeTests(OnnxReference onnx) : IClassFixture<OnnxReference>
{
    static readonly Preprocessing Prep = BackboneRegistry.Default.Preprocessing;

    [Fact]
    public void PooledFeaturesMatchOnnxRuntimeOnRealPhotos()
    {
        Torch.Ready();
        var photos = TestPhotos.Bears();
        Assert.True(photos.Count >= 3);
        var clock = Stopwatch.StartNew();
        _ = Fewshot.Models.Cntk.CntkResNetSpec.ResNet18.Value;
        Log($"ONNX graph read in {clock.ElapsedMilliseconds} ms (once per process)");
        clock.Restart();
        using var backbone = BackboneRegistry.Default.Create();
        Log($"backbone module built in {clock.ElapsedMilliseconds} ms");
        backbone.eval();
        foreach (var photo in photos)
        {
            var image = TestPhotos.Normalise(TestPhotos.Planar(photo, 224, 224, ChannelOrder.Bgr), Prep);
            var expected = onnx.Features(image);
            var actual = PooledFeatures(backbone, image);
            var difference = Compare.MaxRelativeDifference(actual, expected);
            Log($"{Path.GetFileName(photo)}: max relative difference {difference:E2}");
            Assert.True(difference < 1e-3, $"{photo}: {difference}");
        }
    }

    /// <summary>How much the features move when subtracting per-channel means instead of CNTK's full mean image.</summary>
    [Fact]
    public void PerChannelMeansStayCloseToTheMeanImage()
    {
        var meanImage = MeanImage.Load();
        foreach (var photo in TestPhotos.Bears())
        {
            var pixels = TestPhotos.Planar(photo, 224, 224, ChannelOrder.Bgr);
            var exact = onnx.Features(pixels.Select((p, i) => p - meanImage[i]).ToArray());
            var perChannel = onnx.Features(TestPhotos.Normalise(pixels, Prep));
            var difference = Compare.MaxRelativeDifference(perChannel, exact);
            var cosine = Cosine(perChannel, exact);
            Log($"{Path.GetFileName(photo)}: per-channel vs mean image: max relative difference {difference:F4}, cosine {cosine:F6}");
            Assert.True(difference < 0.1, $"{photo}: {difference}");
        }
    }

    static float[] PooledFeatures(Backbone backbone, float[] image)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var map = backbone.forward(tensor(image, [1, 3, 224, 224]));
        Assert.Equal([1L, 512, 7, 7], map.shape);
        return map.mean([2, 3]).data<float>().ToArray();
    }

    static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }

    static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}

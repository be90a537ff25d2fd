using Fewshot.Faces;
using Fewshot.Tests.Support;

namespace Fewshot.Tests.Faces;

public sealed class TfjsWeightsTests(FaceModelsFixture models) : IClassFixture<FaceModelsFixture>
{
    TfjsWeights Load(string model) =>
        TfjsWeights.Load(Path.Combine(models.RequireModels(), model + "-weights_manifest.json"));

    [Theory]
    [InlineData(FaceModelStore.FaceRecognitionModel, 117)]
    [InlineData(FaceModelStore.TinyFaceDetectorModel, 19)]
    [InlineData(FaceModelStore.SsdMobileNetV1Model, 151)]
    [InlineData(FaceModelStore.FaceLandmark68Model, 49)]
    public void Every_manifest_reads_completely(string model, int tensorCount)
    {
        var weights = Load(model);
        Assert.Equal(tensorCount, weights.Names.Count);
        foreach (var name in weights.Names)
        {
            Assert.Equal(weights.Shape(name).Aggregate(1, (a, b) => a * b), weights.Values(name).Length);
            Assert.All(weights.Values(name), v => Assert.True(float.IsFinite(v), name));
        }
    }

    [Fact]
    public void Uint8_tensors_are_dequantized_and_float32_tensors_read_raw()
    {
        var weights = Load(FaceModelStore.FaceRecognitionModel);
        // Quantized: at most 256 distinct values. The conv64_* filters are raw float32: many more.
        Assert.InRange(weights.Values("conv32_1/conv1/conv/filters").Distinct().Count(), 2, 256);
        Assert.True(weights.Values("conv64_1/conv1/conv/filters").Distinct().Count() > 1000);
        // Scale multipliers sit around 2–7, not around zero.
        var scale = weights.Values("conv32_1/conv1/scale/weights");
        Assert.InRange(scale.Average(), 1.0, 10.0);
        Assert.Equal([256, 128], weights.Shape("fc"));
    }

    [Fact]
    public void Filters_are_transposed_to_torch_layouts()
    {
        Torch.Ready();
        var weights = Load(FaceModelStore.TinyFaceDetectorModel);
        var raw = weights.Values("conv0/filters"); // [3, 3, 3, 16]
        using var conv = weights.ConvFilter("conv0/filters");
        Assert.Equal(new long[] { 16, 3, 3, 3 }, conv.shape);
        Assert.Equal(raw[((2 * 3 + 1) * 3 + 2) * 16 + 5], conv[5, 2, 2, 1].item<float>());

        var depthRaw = weights.Values("conv1/depthwise_filter"); // [3, 3, 16, 1]
        using var depthwise = weights.DepthwiseFilter("conv1/depthwise_filter");
        Assert.Equal(new long[] { 16, 1, 3, 3 }, depthwise.shape);
        Assert.Equal(depthRaw[(1 * 3 + 2) * 16 + 7], depthwise[7, 0, 1, 2].item<float>());
    }

    [Fact]
    public void A_truncated_shard_is_refused()
    {
        var source = models.RequireModels();
        var copy = Directory.CreateTempSubdirectory("fewshot-tfjs-");
        try
        {
            var manifest = FaceModelStore.TinyFaceDetectorModel + "-weights_manifest.json";
            File.Copy(Path.Combine(source, manifest), Path.Combine(copy.FullName, manifest));
            var shard = File.ReadAllBytes(Path.Combine(source, FaceModelStore.TinyFaceDetectorModel + ".bin"));
            File.WriteAllBytes(Path.Combine(copy.FullName, FaceModelStore.TinyFaceDetectorModel + ".bin"), shard[..^10]);
            Assert.Throws<FewshotException>(() => TfjsWeights.Load(Path.Combine(copy.FullName, manifest)));
            File.WriteAllBytes(Path.Combine(copy.FullName, FaceModelStore.TinyFaceDetectorModel + ".bin"), [.. shard, 0, 0]);
            var error = Assert.Throws<FewshotException>(() => TfjsWeights.Load(Path.Combine(copy.FullName, manifest)));
            Assert.Contains("shards hold", error.Message);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}

using System.Text.Json;
using Fewshot.Data;
using Fewshot.Export;
using Fewshot.Export.Onnx;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Predictors;
using Fewshot.Runtime;
using Fewshot.Tests.Support;
using Fewshot.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Fewshot.Tests.Bodies;

/// <summary>
/// Every torchvision body through the whole recipe on real photos (bears, 64 px, one frozen and one unfrozen epoch in
/// bf16, weights from the parity fixtures): the model exports to ONNX, whose predictions equal the .fewshot's, and to
/// safetensors, which PyTorch loads into torchvision's architecture and fastai's head with the same probabilities.
/// </summary>
public sealed class BodyTrainingTests
{
    public BodyTrainingTests() => Torch.Ready();

    [Theory]
    [MemberData(nameof(TorchvisionFixtures.Bodies), MemberType = typeof(TorchvisionFixtures))]
    public void Body_Trains_ExportsToOnnxAndSafetensors_WithTheSamePredictions(string id, string architecture)
    {
        var folder = Directory.CreateTempSubdirectory("fewshot-body-").FullName;
        try
        {
            var weights = TorchvisionFixtures.Weights(architecture);
            var body = BackboneRegistry.Get(id).WithWeights(weights);
            var split = TestData.Subset("bears", trainPerClass: 6, validPerClass: 3);
            var options = new RecipeOptions
            {
                Backbone = id, Weights = weights, Data = new DataOptions { Size = 64, BatchSize = 6 },
                Learner = new LearnerOptions { Precision = Precision.Bf16 }, FrozenEpochs = 1, UnfrozenEpochs = 1,
                Output = Path.Combine(folder, "bears.fewshot"),
            };
            using (var result = Recipe.Run(new ImageData(split, options.Data, body.Preprocessing), options))
                Assert.Equal(2, result.Learner.History.Count);

            var manifest = ModelFile.Read(options.Output).Manifest;
            Assert.Equal(id, manifest.Backbone);
            Assert.Equal(Fewshot.Models.Weights.FileHash.Sha256(weights), manifest.BodyWeights!.Sha256);

            var onnxPath = Path.Combine(folder, "bears.onnx");
            OnnxExport.FromModelFile(options.Output, onnxPath);
            using var fewshot = Predictor.Load(options.Output, precision: Precision.Fp32);
            using var onnx = Classifier.Load(onnxPath);
            var photos = split.Valid.Select(i => i.Path).ToList();
            double worst = 0;
            foreach (var photo in photos)
            {
                var (expected, actual) = (fewshot.Predict(photo), onnx.Predict(photo));
                worst = Math.Max(worst, expected.Probabilities.Zip(actual.Probabilities, (a, b) => Math.Abs(a - b)).Max());
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"{id}: max |p_onnx − p_fewshot| = {worst:E2}");
            Assert.True(worst < 1e-4, $"{id}: ONNX probabilities differ by {worst}");

            var pytorch = PyTorchProbabilities(options.Output, architecture, photos, fewshot, folder, out var expectedProbabilities);
            var gap = pytorch.Zip(expectedProbabilities, (a, b) => Math.Abs(a - b)).Max();
            TestContext.Current.TestOutputHelper?.WriteLine($"{id}: max |p_pytorch − p_fewshot| = {gap:E2}");
            Assert.True(gap < 1e-4, $"{id}: PyTorch's probabilities from the safetensors export differ by {gap}");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>Exports safetensors, runs the fixture script's PyTorch model on the photos as Fewshot preprocesses them.</summary>
    static float[] PyTorchProbabilities(string model, string architecture, IReadOnlyList<string> photos, Predictor predictor, string folder,
        out float[] expected)
    {
        var exported = Path.Combine(folder, "bears.safetensors");
        SafetensorsExport.FromModelFile(model, exported);
        var input = predictor.Manifest.Input;
        int plane = 3 * input.Size * input.Size;
        var pixels = new float[photos.Count * plane];
        for (int k = 0; k < photos.Count; k++)
        {
            var resized = Fewshot.Imaging.ImageResizer.Resize(Fewshot.Imaging.ImageLoader.Load(photos[k], input.DecodeMinSide, minSideSlack: input.DecodeSlack), input.Size, input.Resize);
            input.Preprocessing.WriteChw(resized, pixels.AsSpan(k * plane, plane));
        }
        expected = predictor.Probabilities(pixels, photos.Count);
        var inputs = Path.Combine(folder, "inputs.safetensors");
        using (var tensor = TorchSharp.torch.tensor(pixels).reshape(photos.Count, 3, input.Size, input.Size))
            Safetensors.SaveStateDict(inputs, new Dictionary<string, Tensor> { ["input"] = tensor });
        var (code, output) = TorchvisionFixtures.Run("check-export", exported, architecture, inputs);
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonSerializer.Serialize(predictor.Classes), json.RootElement.GetProperty("metadata").GetProperty("classes").GetString());
        return json.RootElement.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
    }
}

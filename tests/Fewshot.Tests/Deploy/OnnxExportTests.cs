using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Predictors;
using Microsoft.ML.OnnxRuntime;

namespace Fewshot.Tests.Deploy;

public sealed class OnnxExportTests(ExportedModelFixture model)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnnxRuntimeProbabilities_EqualTorchSharpOnRealPhotos(bool floatInput)
    {
        using var torch = Predictor.Load(model.ModelPath, precision: Fewshot.Runtime.Precision.Fp32);
        using var onnx = Classifier.Load(floatInput ? model.FloatOnnxPath : model.OnnxPath);
        Assert.Equal(torch.Classes, onnx.Classes);
        Assert.Equal(floatInput ? "float" : "uint8", onnx.Info.InputType);
        double worst = 0;
        foreach (var photo in model.Photos)
        {
            var expected = torch.Predict(photo);
            var actual = onnx.Predict(photo);
            for (int c = 0; c < expected.Probabilities.Count; c++)
                worst = Math.Max(worst, Math.Abs(expected.Probabilities[c] - actual.Probabilities[c]));
            Assert.Equal(expected.Label, actual.Label);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{model.Photos.Count} photos, max |p_onnx − p_torch| = {worst:E2}");
        Assert.True(worst < 1e-4, $"max probability difference {worst}");
    }

    [Fact]
    public void ExportedFile_IsStandardOnnxWithClassesAndVersionInItsMetadata()
    {
        using var session = new InferenceSession(model.OnnxPath);
        var metadata = session.ModelMetadata;
        Assert.Equal("Fewshot", metadata.ProducerName);
        Assert.Equal("[\"black\",\"grizzly\",\"teddy\"]", metadata.CustomMetadataMap["classes"]);
        Assert.Equal(typeof(Predictor).Assembly.GetName().Version!.ToString(3), metadata.CustomMetadataMap["fewshot_version"]);
        var input = session.InputMetadata[OnnxModelInfo.InputName];
        Assert.Equal(typeof(byte), input.ElementType);
        Assert.Equal([-1, 64, 64, 3], input.Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata[OnnxModelInfo.OutputName].Dimensions);
        var info = OnnxModelInfo.FromMetadata(metadata.CustomMetadataMap, model.OnnxPath);
        Assert.Equal(64, info.Size);
        Assert.Equal(80, info.DecodeMinSide);
        Assert.Equal(ImageLoader.ReducedScaleSlack, info.DecodeSlack);
        Assert.Equal(BackboneRegistry.DefaultId, info.Backbone);
    }

    [Fact]
    public void Predict_FromPathStreamAndBytes_Agree()
    {
        using var onnx = Classifier.Load(model.OnnxPath);
        var photo = model.Photos[0];
        var fromPath = onnx.Predict(photo);
        using var stream = File.OpenRead(photo);
        var fromStream = onnx.Predict(stream, "photo");
        var fromBytes = onnx.Predict(File.ReadAllBytes(photo), "photo");
        Assert.Equal(fromPath.Probabilities, fromStream.Probabilities);
        Assert.Equal(fromPath.Probabilities, fromBytes.Probabilities);
        Assert.Equal(1f, fromPath.Probabilities.Sum(), 1e-5);
    }
}

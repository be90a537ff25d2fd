using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Predictors;

namespace Fewshot.Tests.Deploy;

public sealed class BatchScoringTests(ExportedModelFixture model)
{
    [Fact]
    public void Score_GivesOneRowPerFileInOrder_WithTheErrorForUnreadableFiles()
    {
        var broken = Path.Combine(model.Folder, "broken.jpg");
        File.WriteAllText(broken, "not a photo");
        using var onnx = Classifier.Load(model.OnnxPath);
        string[] files = [model.Photos[0], broken, .. model.Photos.Skip(1).Take(4)];

        var results = new BatchScorer(onnx, new BatchScoringOptions { BatchSize = 2 }).Score(files, TestContext.Current.CancellationToken).ToList();

        Assert.Equal(files, results.Select(r => r.Path));
        Assert.Null(results[1].Prediction);
        Assert.Contains("broken.jpg", results[1].Error);
        foreach (var (result, k) in results.Select((r, k) => (r, k)).Where(x => x.k != 1))
            Assert.Equal(onnx.Predict(files[k]).Probabilities, result.Prediction!.Probabilities);
    }

    [Fact]
    public void Tta_AveragesThePhotoAndItsMirrorImage()
    {
        using var onnx = Classifier.Load(model.OnnxPath);
        var photo = model.Photos[0];
        var image = ImageLoader.Load(photo, onnx.DecodeMinSide, minSideSlack: onnx.DecodeSlack);
        var plain = onnx.Predict(image).Probabilities;
        var mirrored = onnx.Predict(Mirror.LeftRight(image)).Probabilities;

        var tta = new BatchScorer(onnx, new BatchScoringOptions { Tta = true }).Score([photo], TestContext.Current.CancellationToken).Single();

        Assert.NotEqual(plain, mirrored);
        for (int c = 0; c < plain.Count; c++)
            Assert.Equal((plain[c] + mirrored[c]) / 2, tta.Prediction!.Probabilities[c], 1e-6);
    }

    [Fact]
    public void Mirror_FlipsEachRowLeftToRight()
    {
        var image = new RgbImage(2, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        Assert.Equal([4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9], Mirror.LeftRight(image).Pixels);
    }

    [Fact]
    public void TorchSharpPredictor_ScoresThroughTheSameInterface()
    {
        using var torch = Predictor.Load(model.ModelPath, precision: Fewshot.Runtime.Precision.Fp32);
        using var onnx = Classifier.Load(model.OnnxPath);
        var options = new BatchScoringOptions { Tta = true };
        var expected = new BatchScorer(torch, options).Score(model.Photos.Take(3).ToList(), TestContext.Current.CancellationToken).ToList();
        var actual = new BatchScorer(onnx, options).Score(model.Photos.Take(3).ToList(), TestContext.Current.CancellationToken).ToList();
        for (int k = 0; k < expected.Count; k++)
            for (int c = 0; c < 3; c++)
                Assert.Equal(expected[k].Prediction!.Probabilities[c], actual[k].Prediction!.Probabilities[c], 1e-4);
    }

    [Fact]
    public void CudaDevice_WithoutTheGpuBuild_FailsWithAClearMessage()
    {
        var error = Assert.Throws<FewshotException>(() => Classifier.Load(model.OnnxPath, new ClassifierOptions { Device = Device.Cuda }));
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message);
        Assert.Contains(model.OnnxPath, error.Message);
    }

    [Fact]
    public void OnnxFileNotMadeByFewshot_IsRefusedWithTheFix()
    {
        var error = Assert.Throws<FewshotException>(() => Classifier.Load(PretrainedFiles.ResNet18Onnx()));
        Assert.Contains("fewshot export", error.Message);
    }

    [Fact]
    public void NotAnOnnxFile_IsRefusedNamingTheFile()
    {
        var bogus = Path.Combine(model.Folder, "bogus.onnx");
        File.WriteAllText(bogus, "hello");
        var error = Assert.Throws<FewshotException>(() => Classifier.Load(bogus));
        Assert.Contains(bogus, error.Message);
    }
}

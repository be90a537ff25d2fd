using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Inference;
using Fewshot.Models;
using Fewshot.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Fewshot.Predictors;

/// <summary>Loads a .fewshot file and classifies photos exactly as validation did during training.</summary>
public sealed class Predictor : IImageClassifier
{
    readonly ClassifierNetwork _model;
    readonly ScalarType _dtype;

    public ModelManifest Manifest { get; }
    public IReadOnlyList<string> Classes => Manifest.Classes;
    public int DecodeMinSide => Manifest.Input.DecodeMinSide;
    public double DecodeSlack => Manifest.Input.DecodeSlack;
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    public float UnknownThreshold { get; set; }

    Predictor(ModelManifest manifest, ClassifierNetwork model, Precision precision)
    {
        Manifest = manifest;
        Precision = precision.Resolve(manifest.Input.Size);
        _dtype = Precision.DType();
        _model = InferenceCopy.ForInference(model, Precision);
    }

    /// <summary>The precision predictions run in (bf16 on CPUs that compute it natively, unless fp32 was asked for).</summary>
    public Precision Precision { get; }

    public static Predictor Load(string path, float unknownThreshold = 0, Precision precision = Precision.Auto)
    {
        var (manifest, model) = ImageModelFile.Load(path,
            "Predictor loads image models: load people models with People.PeoplePredictor.Load (`fewshot predict` handles both kinds).");
        return new Predictor(manifest, model, precision) { UnknownThreshold = unknownThreshold };
    }

    public Prediction Predict(string imagePath) =>
        this.Predict(ImageLoader.Load(imagePath, DecodeMinSide, minSideSlack: DecodeSlack), imagePath);

    public RgbImage Fit(RgbImage image) => ImageResizer.Fit(image, Manifest.Input.Size, Manifest.Input.Resize);

    public float[][] ClassProbabilities(IReadOnlyList<RgbImage> images)
    {
        if (images.Count == 0) return [];
        var input = Manifest.Input;
        int pixelsPerImage = 3 * input.Size * input.Size;
        var pixels = new float[images.Count * pixelsPerImage];
        Parallel.For(0, images.Count, k =>
        {
            input.Preprocessing.WriteChw(Fit(images[k]), pixels.AsSpan(k * pixelsPerImage, pixelsPerImage));
        });
        var probabilities = Probabilities(pixels, images.Count);
        int n = Classes.Count;
        return Enumerable.Range(0, images.Count).Select(k => probabilities.AsSpan(k * n, n).ToArray()).ToArray();
    }

    /// <summary>Raw class probabilities for already preprocessed inputs (N×3×S×S).</summary>
    public float[] Probabilities(float[] pixels, int count)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var size = Manifest.Input.Size;
        var input = tensor(pixels).reshape(count, 3, size, size).to(_dtype);
        return nn.functional.softmax(_model.call(input).to(ScalarType.Float32), 1).data<float>().ToArray();
    }

    public void Dispose() => _model.Dispose();
}

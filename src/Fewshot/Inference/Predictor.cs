using Fewshot.Export;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;
using static TorchSharp.torch;

namespace Fewshot.Inference;

/// <summary>Loads a .fewshot file and classifies photos exactly as validation did during training.</summary>
public sealed class Predictor : IDisposable
{
    readonly ImageClassifier _model;

    public ModelManifest Manifest { get; }
    public IReadOnlyList<string> Classes => Manifest.Classes;
    /// <summary>Top probability below which a photo is reported as unknown (0: never).</summary>
    public float UnknownThreshold { get; set; }

    Predictor(ModelManifest manifest, ImageClassifier model)
    {
        Manifest = manifest;
        _model = model;
        _model.eval();
    }

    public static Predictor Load(string path, float unknownThreshold = 0)
    {
        var (manifest, weights) = ModelFile.Read(path);
        if (manifest.Kind == ModelManifest.PeopleKind)
            throw new FewshotException($"'{path}' is a people model: load it with People.PeoplePredictor.Load " +
                                       "(`fewshot predict` handles both kinds).");
        if (manifest.Kind != ModelManifest.ImageKind)
            throw new FewshotException($"'{path}' is a '{manifest.Kind}' model; this Fewshot predicts with 'image' and 'people' models.");
        NativeRuntime.EnsureLoaded();
        var model = new ImageClassifier(BackboneRegistry.Get(manifest.Backbone).Create(), manifest.Classes.Count);
        ModelWeights.Load(model, weights, path);
        return new Predictor(manifest, model) { UnknownThreshold = unknownThreshold };
    }

    public Prediction Predict(string imagePath) =>
        Predict(ImageLoader.Load(imagePath, Manifest.Input.DecodeMinSide), imagePath);

    public Prediction Predict(RgbImage image, string source = "") => PredictBatch([(image, source)])[0];

    /// <summary>Classifies photos in batches; decoding runs in parallel.</summary>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<(RgbImage Image, string Source)> images)
    {
        var input = Manifest.Input;
        int pixelsPerImage = 3 * input.Size * input.Size;
        var pixels = new float[images.Count * pixelsPerImage];
        Parallel.For(0, images.Count, k =>
        {
            var resized = ImageResizer.Resize(images[k].Image, input.Size, input.Resize);
            input.Preprocessing.WriteChw(resized, pixels.AsSpan(k * pixelsPerImage, pixelsPerImage));
        });
        var probabilities = Probabilities(pixels, images.Count);
        int n = Classes.Count;
        return Enumerable.Range(0, images.Count)
            .Select(k => ToPrediction(images[k].Source, probabilities.AsSpan(k * n, n).ToArray()))
            .ToList();
    }

    /// <summary>Raw class probabilities for already preprocessed inputs (N×3×S×S).</summary>
    public float[] Probabilities(float[] pixels, int count)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var size = Manifest.Input.Size;
        var input = tensor(pixels).reshape(count, 3, size, size);
        return nn.functional.softmax(_model.call(input), 1).data<float>().ToArray();
    }

    Prediction ToPrediction(string source, float[] probabilities)
    {
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return new Prediction(source, Classes[best], best, probabilities[best], probabilities,
            probabilities[best] < UnknownThreshold);
    }

    public void Dispose() => _model.Dispose();
}

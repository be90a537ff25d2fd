using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>
/// Whole-photo features: the frozen ImageNet body's concat-pooled features (1024-d for ResNet18), of the
/// centre-cropped photo (view 0) and of augmented views, as the seed recipe's validation and training see it.
/// </summary>
public sealed class SceneFeatureExtractor : IDisposable
{
    public const int Size = 224;
    readonly ImageClassifier _model;

    public BackboneInfo Backbone { get; }

    public SceneFeatureExtractor(string backboneId)
    {
        NativeRuntime.EnsureLoaded();
        Backbone = BackboneRegistry.Get(backboneId);
        _model = new ImageClassifier(Backbone.Create(), 2);
        _model.eval();
    }

    /// <summary>The short side photos should be decoded at for this extractor.</summary>
    public static int DecodeMinSide => (int)Math.Ceiling(Size * 1.25);

    public float[][] Extract(RgbImage image, int views = 1, ulong seed = 0)
    {
        int plane = 3 * Size * Size;
        var pixels = new float[views * plane];
        Parallel.For(0, views, v =>
        {
            var view = v == 0
                ? ImageResizer.Resize(image, Size, ResizeMethod.Crop)
                : Augmenter.RandomView(image, Size, ResizeMethod.Crop, AugmentOptions.Default, SeedMixer.Mix(seed, v, 0));
            Backbone.Preprocessing.WriteChw(view, pixels.AsSpan(v * plane, plane));
        });
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var pooled = _model.PooledFeatures(tensor(pixels).reshape(views, 3, Size, Size));
        int dimension = (int)pooled.shape[1];
        var flat = pooled.data<float>().ToArray();
        return Enumerable.Range(0, views).Select(v => flat.AsSpan(v * dimension, dimension).ToArray()).ToArray();
    }

    public void Dispose() => _model.Dispose();
}

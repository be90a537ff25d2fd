using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;

namespace Fewshot.People;

/// <summary>
/// Whole-photo features: the frozen ImageNet body's concat-pooled features (2 × its channels: 1024-d for ResNet18), of the
/// centre-cropped photo (view 0) and of augmented views, at the size the body was trained at, as the image
/// recipe's validation and training see it. Any body of the registry, with its installed weights.
/// </summary>
public sealed class SceneFeatureExtractor : IDisposable
{
    readonly BodyFeatures _body;
    readonly int _size;

    public BackboneInfo Backbone { get; }

    public SceneFeatureExtractor(string backboneId)
    {
        Backbone = BackboneRegistry.Get(backboneId);
        _size = Backbone.DefaultSize;
        _body = BodyFeatures.Pretrained(Backbone, channelsLast: false);
    }

    public float[][] Extract(RgbImage image, int views = 1, ulong seed = 0)
    {
        int plane = 3 * _size * _size;
        var pixels = new float[views * plane];
        Parallel.For(0, views, v =>
        {
            var view = v == 0
                ? ImageResizer.Resize(image, _size, ResizeMethod.Crop)
                : Augmenter.RandomView(image, _size, ResizeMethod.Crop, AugmentOptions.Default, SeedMixer.Mix(seed, v, 0));
            Backbone.Preprocessing.WriteChw(view, pixels.AsSpan(v * plane, plane));
        });
        var flat = _body.Embed(pixels, views, _size);
        int dimension = _body.Dimension;
        return Enumerable.Range(0, views).Select(v => flat.AsSpan(v * dimension, dimension).ToArray()).ToArray();
    }

    public void Dispose() => _body.Dispose();
}

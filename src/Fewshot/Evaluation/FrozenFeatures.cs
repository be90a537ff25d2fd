using Fewshot.Data;
using Fewshot.Imaging;
using Fewshot.Models;
using Fewshot.Runtime;
using Fewshot.Training;

namespace Fewshot.Evaluation;

/// <summary>
/// The pretrained body's pooled features (N×2C, ImageNet batch-norm statistics) of a set of labelled photos:
/// un-augmented, plus a few augmented views. Computed once, so recipes that train only on top of the frozen
/// body (a head, a logistic regression) cost seconds per fold instead of a pass over the photos.
/// Row k of <see cref="Plain"/> and of every view is photo <see cref="Items"/>[k].
/// </summary>
public sealed class FrozenFeatures
{
    public IReadOnlyList<LabelledImage> Items { get; }
    public FeatureSet Plain { get; }
    public IReadOnlyList<FeatureSet> Views { get; }

    FrozenFeatures(IReadOnlyList<LabelledImage> items, FeatureSet plain, IReadOnlyList<FeatureSet> views)
    {
        Items = items;
        Plain = plain;
        Views = views;
    }

    /// <summary>Features of every readable photo of <paramref name="data"/>'s training list (its validation list is ignored).</summary>
    public static FrozenFeatures Compute(ImageData data, BackboneInfo backbone, int views, int seed = 0,
        Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        NativeRuntime.EnsureLoaded();
        // FeatureCache embeds the training list as augmented views and the validation list plainly:
        // give it the same photos as both.
        var both = data.Valid.SequenceEqual(data.Train)
            ? data
            : new ImageData(new DatasetSplit(data.Classes, data.Train, data.Train, []), data.Options, data.Preprocessing, data.Root);
        using var body = BodyFeatures.Pretrained(backbone, channelsLast: true);
        var cache = FeatureCache.Compute(body, both, views, progress, cancel) ?? throw new OperationCanceledException(cancel);
        return new FrozenFeatures(both.Train, cache.Valid, views > 0 ? cache.TrainViews : []);
    }

    /// <summary>Un-augmented pooled features of already decoded images (centre crop, as validation sees them).</summary>
    public static float[] Embed(IReadOnlyList<RgbImage> images, BackboneInfo backbone, int size, out int dimension,
        Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        using var body = BodyFeatures.Pretrained(backbone, channelsLast: false);
        const int batchSize = 32;
        int pixelsPerImage = 3 * size * size;
        var values = new List<float>();
        dimension = body.Dimension;
        for (int start = 0; start < images.Count; start += batchSize)
        {
            cancel.ThrowIfCancellationRequested();
            int n = Math.Min(batchSize, images.Count - start);
            var pixels = new float[n * pixelsPerImage];
            Parallel.For(0, n, k => backbone.Preprocessing.WriteChw(
                ImageResizer.Resize(images[start + k], size, ResizeMethod.Crop), pixels.AsSpan(k * pixelsPerImage, pixelsPerImage)));
            values.AddRange(body.Embed(pixels, n, size));
            progress?.Invoke(start + n, images.Count);
        }
        return values.ToArray();
    }
}

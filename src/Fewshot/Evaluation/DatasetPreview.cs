using Fewshot.Data;
using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>
/// The seed notebook's "look at the data" with fastai's show_batch under it: for each class, a row of a few of its
/// photos as they are, and below each photo the random training view that augmentation makes of it (crop, flip, turn,
/// zoom, warp and lighting, at the training size), so what the model actually learns from can be seen.
/// </summary>
static class DatasetPreview
{
    public static void Save(IReadOnlyList<LabelledImage> items, IReadOnlyList<string> classes, string path, DataOptions training,
        int perClass, int seed)
    {
        var random = new Random(seed);
        var tiles = new List<ImageGrid.Tile>();
        for (int label = 0; label < classes.Count; label++)
        {
            var chosen = items.Where(i => i.Label == label).OrderBy(_ => random.Next()).Take(perClass).ToList();
            if (chosen.Count == 0) continue;
            var blanks = Enumerable.Repeat(new ImageGrid.Tile(null, "", false), perClass - chosen.Count).ToList();
            int first = tiles.Count;
            tiles.AddRange(chosen.Select(i => new ImageGrid.Tile(Thumbnails.Load(i.Path), classes[label], false)).Concat(blanks));
            tiles.AddRange(chosen.Select((i, k) => new ImageGrid.Tile(TrainingView(i.Path, training, seed, first + k),
                $"{classes[label]}, as trained", false)).Concat(blanks));
        }
        try { ImageGrid.Save(tiles, path, Math.Max(1, perClass), title: null); }
        finally
        {
            foreach (var tile in tiles) tile.Image?.Dispose();
        }
    }

    /// <summary>One random training view of the photo, as the training batches make them; null when it cannot be read.</summary>
    static SKBitmap? TrainingView(string path, DataOptions training, int seed, int index)
    {
        try
        {
            var photo = ImageLoader.Load(path, training.DecodeMinSide, training.Decode, training.DecodeSlack);
            return Augmenter.RandomView(photo, training.Size, training.Resize, training.Augment, SeedMixer.Mix((ulong)seed, 0, index)).ToBitmap();
        }
        catch (ImageLoadException) { return null; }
    }
}

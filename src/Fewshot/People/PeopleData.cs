using System.Collections.Concurrent;
using Fewshot.Data;
using Fewshot.Imaging;

namespace Fewshot.People;

/// <summary>One photo's features: its face (null when face features are off) and whole-photo features per view.</summary>
public sealed record PersonPhoto(string Path, int Label, int Width, int Height, FaceSample? Face, float[][]? Scene)
{
    public bool FaceFound => Face?.Found ?? false;
}

/// <summary>
/// Every photo of a split decoded once and turned into features: face descriptors and/or whole-photo
/// features for a few views of each training photo and the plain view of each validation photo.
/// The photos themselves are not kept.
/// </summary>
public sealed class PeopleData
{
    /// <summary>Photos are decoded with this short side (never upscaled): enough for faces in full scenes.</summary>
    public const int DecodeMinSide = 800;
    const int ChunkSize = 8;

    public IReadOnlyList<string> Classes { get; }
    public IReadOnlyList<PersonPhoto> Train { get; }
    public IReadOnlyList<PersonPhoto> Valid { get; }
    public IReadOnlyList<string> Warnings { get; }
    public bool HasFaces { get; }
    public bool HasScenes { get; }

    PeopleData(IReadOnlyList<string> classes, IReadOnlyList<PersonPhoto> train, IReadOnlyList<PersonPhoto> valid,
        IReadOnlyList<string> warnings, bool hasFaces, bool hasScenes)
    {
        Classes = classes;
        Train = train;
        Valid = valid;
        Warnings = warnings;
        HasFaces = hasFaces;
        HasScenes = hasScenes;
    }

    /// <summary>
    /// Decodes and featurises every photo. <paramref name="faces"/>/<paramref name="scenes"/> may be null to skip
    /// that kind of feature. Unreadable photos are skipped with a warning.
    /// </summary>
    public static PeopleData Compute(DatasetSplit split, FaceFeatureExtractor? faces, SceneFeatureExtractor? scenes,
        int views, int seed, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var warnings = new List<string>(split.Warnings);
        var items = split.Train.Select(i => (Item: i, Train: true)).Concat(split.Valid.Select(i => (Item: i, Train: false))).ToList();
        var train = new List<PersonPhoto>();
        var valid = new List<PersonPhoto>();
        int done = 0, index = 0;
        foreach (var chunk in items.Chunk(ChunkSize))
        {
            cancel.ThrowIfCancellationRequested();
            var decoded = new RgbImage?[chunk.Length];
            var errors = new ConcurrentBag<string>();
            Parallel.For(0, chunk.Length, k =>
            {
                try { decoded[k] = ImageLoader.Load(chunk[k].Item.Path, DecodeMinSide); }
                catch (ImageLoadException e) { errors.Add("Skipped " + e.Message); }
            });
            warnings.AddRange(errors.Order(StringComparer.Ordinal));
            for (int k = 0; k < chunk.Length; k++, index++)
            {
                var image = decoded[k];
                if (image is null) continue;
                var (item, isTrain) = chunk[k];
                int n = isTrain ? views : 1;
                var seedKey = Imaging.SeedMixer.Mix((ulong)seed, 1 << 21, index);
                var photo = new PersonPhoto(item.Path, item.Label, image.Width, image.Height,
                    faces?.Extract(image, n, seedKey), scenes?.Extract(image, n, seedKey));
                (isTrain ? train : valid).Add(photo);
            }
            progress?.Invoke(done += chunk.Length, items.Count);
        }
        if (train.Count == 0)
            throw new FewshotException("No readable training photos. Check the folder layout (one sub-folder per class).");
        return new PeopleData(split.Classes, train, valid, warnings, faces is not null, scenes is not null);
    }
}

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

    /// <summary>How the warning for an unreadable photo starts.</summary>
    const string Skipped = "Skipped ";

    /// <summary>An unreadable photo's warning without its "Skipped" prefix, to quote in an error.</summary>
    internal static string WithoutSkipped(string warning) =>
        warning.StartsWith(Skipped, StringComparison.Ordinal) ? warning[Skipped.Length..] : warning;

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
        int views, int seed, Action<int, int>? progress = null, CancellationToken cancel = default, int otherFaces = 0,
        DecodeOptions? decode = null)
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
                try { decoded[k] = ImageLoader.Load(chunk[k].Item.Path, DecodeMinSide, decode); }
                catch (ImageLoadException e) { errors.Add(Skipped + e.Message); }
            });
            warnings.AddRange(errors.Order(StringComparer.Ordinal));
            for (int k = 0; k < chunk.Length; k++, index++)
            {
                var image = decoded[k];
                if (image is null) continue;
                var (item, isTrain) = chunk[k];
                int n = isTrain ? views : 1;
                var seedKey = Imaging.SeedMixer.Mix((ulong)seed, 1 << 21, index);
                var face = faces is null ? null
                    : otherFaces > 0 ? faces.ExtractWithOthers(image, n, seedKey, otherFaces)
                    : faces.Extract(image, n, seedKey);
                var photo = new PersonPhoto(item.Path, item.Label, image.Width, image.Height, face, scenes?.Extract(image, n, seedKey));
                (isTrain ? train : valid).Add(photo);
            }
            progress?.Invoke(done += chunk.Length, items.Count);
        }
        if (train.Count == 0)
            throw new FewshotException(split.Train.Count == 0
                ? "There are no training photos: check the folder layout (a train/ folder, or one sub-folder per class) and --valid-pct."
                : $"None of the {split.Train.Count} training photos could be read, for example: " +
                  string.Join(" ", warnings.Where(w => w.StartsWith(Skipped, StringComparison.Ordinal)).Take(3).Select(WithoutSkipped)) + " Remove or convert them.");
        if (otherFaces > 0) train = ChooseLabelledFaces(train);
        return new PeopleData(split.Classes, train, valid, warnings, faces is not null, scenes is not null);
    }

    /// <summary>
    /// Data made of photos featurised before (a cache, a resampling study). Each photo starts from its largest face, and
    /// each training photo then picks the face that matches its class, as <see cref="Compute"/> does.
    /// </summary>
    public static PeopleData FromPhotos(IReadOnlyList<string> classes, IEnumerable<PersonPhoto> train, IEnumerable<PersonPhoto> valid)
    {
        static PersonPhoto Largest(PersonPhoto photo)
        {
            if (photo.Face is not { Found: true } face || face.Others.Count == 0) return photo;
            var all = FacePicking.Candidates(face);
            return photo with { Face = all[0] with { Others = all.Skip(1).ToList() } };
        }
        var trainPhotos = ChooseLabelledFaces(train.Select(Largest).ToList());
        var validPhotos = valid.Select(Largest).ToList();
        var all = trainPhotos.Concat(validPhotos).ToList();
        return new PeopleData(classes, trainPhotos, validPhotos, [], all.Any(p => p.Face is not null), all.Any(p => p.Scene is not null));
    }

    /// <summary>The median share of its photo's area that a training photo's face covers (NaN: no face found).</summary>
    public double MedianFaceShare()
    {
        var shares = Train.Where(p => p.FaceFound).Select(p => (double)p.Face!.Box!.Value.Area / ((double)p.Width * p.Height)).Order().ToList();
        return shares.Count == 0 ? double.NaN
            : shares.Count % 2 == 1 ? shares[shares.Count / 2] : (shares[shares.Count / 2 - 1] + shares[shares.Count / 2]) / 2;
    }

    /// <summary>
    /// <paramref name="policy"/>, with <see cref="NoFacePolicy.Auto"/> decided from the training photos: the whole photo
    /// stands in for a face missed in face crops (most photos show a face, and it covers much of its photo), and photos
    /// without a face are left out of full scenes. With no face found at all there is nothing to leave in: whole.
    /// </summary>
    public NoFacePolicy Resolve(NoFacePolicy policy)
    {
        if (policy != NoFacePolicy.Auto) return policy;
        int found = Train.Count(p => p.FaceFound);
        if (found == 0) return NoFacePolicy.Whole;
        return 2 * found >= Train.Count && MedianFaceShare() >= PeopleOptions.FaceCropShare ? NoFacePolicy.Whole : NoFacePolicy.Exclude;
    }

    /// <summary>This data with each validation photo's face replaced by the one <paramref name="choose"/> picks.</summary>
    public PeopleData WithValidFaces(Func<PersonPhoto, FaceSample> choose) =>
        new(Classes, Train, Valid.Select(p => p.Face is { Found: true } ? p with { Face = choose(p) } : p).ToList(), Warnings, HasFaces, HasScenes);

    /// <summary>
    /// In a training photo with several large faces the labelled person need not be the largest: pick, for each
    /// photo, the face nearest the mean of its class's chosen faces (starting from the largest), twice over.
    /// </summary>
    static List<PersonPhoto> ChooseLabelledFaces(List<PersonPhoto> photos)
    {
        for (int round = 0; round < 2; round++)
        {
            var centroids = photos.Where(p => p.FaceFound).GroupBy(p => p.Label).ToDictionary(g => g.Key, g => Mean(g.Select(p => p.Face!.Descriptors[0])));
            photos = photos.Select(p =>
            {
                if (p.Face is not { Found: true } face || face.Others.Count == 0 || !centroids.TryGetValue(p.Label, out var centre)) return p;
                var all = FacePicking.Candidates(face);
                var best = all.MinBy(f => FaceDistance.Between(f.Descriptors[0], centre))!;
                return p with { Face = best with { Others = all.Where(f => f != best).ToList() } };
            }).ToList();
        }
        return photos;
    }

    static float[] Mean(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        int count = 0;
        foreach (var v in vectors)
        {
            sum ??= new float[v.Length];
            for (int k = 0; k < v.Length; k++) sum[k] += v[k];
            count++;
        }
        return sum!.Select(x => x / count).ToArray();
    }
}

using Fewshot.Faces;
using Fewshot.Imaging;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>
/// The face used for one photo (null box: none found, the whole photo stood in) and its descriptors per view.
/// The box is in the photo's pixels; <see cref="Source"/> says whether it was found in the photo or its padded copy.
/// <see cref="Others"/> are the photo's other large faces (training photos only), for choosing the labelled person.
/// </summary>
public sealed record FaceSample(FaceBox? Box, float[][] Descriptors)
{
    public bool Found => Box is not null;
    public FaceSource Source { get; init; } = Box is null ? FaceSource.WholePhoto : FaceSource.Detector;
    public IReadOnlyList<FaceSample> Others { get; init; } = [];
}

/// <summary>
/// Detects faces, cuts them out (<see cref="FaceAlignment"/>) and embeds them with face-api's recognition network
/// (128-d). Extra training views are the mirrored crop and crops of a jittered region, each embedded once.
/// </summary>
public sealed class FaceFeatureExtractor : IDisposable
{
    const float Jitter = 0.08f;

    /// <summary>face-api pads the landmarks' bounding box by this share of its size in all (half on each side).</summary>
    const float LandmarkPadding = 0.2f;

    readonly FaceFinder _finder;
    readonly FaceRecognitionNet _recognition;
    readonly FaceLandmark68Net? _landmarks;

    /// <summary>Share of the detector's box added on every side (<see cref="FaceAlignment.Detector"/> only).</summary>
    public float Margin { get; }
    public FaceAlignment Alignment { get; }

    /// <summary>Whether the plain view's descriptor averages the crop's and its mirror image's.</summary>
    public bool MirrorAverage { get; }

    /// <summary>
    /// When a photo shows no face, it is searched again padded on every side by this share of its longer side
    /// (<see cref="FaceFinder.Search"/>; 0: not searched again).
    /// </summary>
    public float Padding { get; }

    public FaceFeatureExtractor(float margin = 0.1f, string? modelDirectory = null, FaceAlignment alignment = FaceAlignment.Chip,
        bool mirrorAverage = true, float padding = 0)
    {
        MirrorAverage = mirrorAverage;
        Padding = padding;
        Margin = margin;
        Alignment = alignment;
        _finder = new FaceFinder(modelDirectory);
        _recognition = FaceRecognitionNet.Load(modelDirectory);
        if (alignment != FaceAlignment.Detector) _landmarks = FaceLandmark68Net.Load(modelDirectory);
    }

    public FaceFinder Finder => _finder;

    /// <summary>Descriptors of <paramref name="views"/> views of the photo's largest face (view 0 is the plain crop).</summary>
    public FaceSample Extract(RgbImage image, int views = 1, ulong seed = 0) => ExtractWithOthers(image, views, seed, 0);

    /// <summary>
    /// As <see cref="Extract(RgbImage, int, ulong)"/>, with up to <paramref name="maxOthers"/> other faces at least
    /// a quarter of the largest's area also embedded (a training photo may show its person beside a larger face).
    /// </summary>
    public FaceSample ExtractWithOthers(RgbImage image, int views, ulong seed, int maxOthers)
    {
        var search = _finder.Search(image, Padding);
        var faces = search.Faces.OrderByDescending(f => f.Area).ToList();
        if (faces.Count == 0) return new FaceSample(null, Embed(image, null, views, seed));
        var others = faces.Skip(1).Where(f => f.Area >= faces[0].Area / 4).Take(maxOthers)
            .Select(f => Sample(search, f, views, seed)).ToList();
        return Sample(search, faces[0], views, seed) with { Others = others };
    }

    /// <summary>Every face found in the photo, largest first, each with the descriptor of its plain view.</summary>
    public IReadOnlyList<FaceSample> ExtractAll(RgbImage image)
    {
        var search = _finder.Search(image, Padding);
        return search.Faces.OrderByDescending(f => f.Area).Select(f => Sample(search, f, 1, 0)).ToList();
    }

    /// <summary>A face of the search, embedded from the image it was found in, its box given in the photo's pixels.</summary>
    FaceSample Sample(FaceSearch search, FaceBox box, int views, ulong seed) =>
        new(search.InPhoto(box), Embed(search.Image, box, views, seed)) { Source = search.Padded ? FaceSource.Padded : FaceSource.Detector };

    /// <summary>Descriptors for a known face box (null: the whole photo stands in for the face).</summary>
    public float[][] Embed(RgbImage image, FaceBox? box, int views, ulong seed)
    {
        var crops = Crops(image, box, views, seed);
        if (MirrorAverage && views == 1) crops.Add(Mirrored(crops[0]));
        using var descriptors = _recognition.ComputeDescriptors(crops);
        var flat = descriptors.data<float>().ToArray();
        var result = Enumerable.Range(0, crops.Count)
            .Select(v => flat.AsSpan(v * FaceRecognitionNet.DescriptorLength, FaceRecognitionNet.DescriptorLength).ToArray())
            .ToArray();
        // View 0 describes the face as the average of the crop's and its mirror's descriptors (view 1 is the mirror).
        if (MirrorAverage)
            for (int k = 0; k < FaceRecognitionNet.DescriptorLength; k++) result[0][k] = (result[0][k] + result[1][k]) / 2;
        return result.Take(views).ToArray();
    }

    /// <summary>
    /// The face cut out as the recognition network sees it, in <paramref name="views"/> views: the plain crop, its
    /// mirror image, then crops of a jittered region (mirrored at random), all drawn from <paramref name="seed"/>.
    /// </summary>
    public List<(byte[] rgb, int width, int height)> Crops(RgbImage image, FaceBox? box, int views, ulong seed)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var region = Locate(image, box ?? new FaceBox(1, 0, 0, image.Width, image.Height), margin: box is null ? 0 : Margin);
        var crops = new List<(byte[] rgb, int width, int height)>(views + 1);
        for (int v = 0; v < views; v++)
        {
            var crop = region.Cut(image, v >= 2 ? random : null);
            bool mirror = v == 1 || (v >= 2 && random.Next(2) == 1);
            crops.Add(mirror ? Mirrored(crop) : crop);
        }
        return crops;
    }

    /// <summary>Where the face is cut out: an upright box plus margin, or a turned square (the chip).</summary>
    readonly record struct FaceRegion(FaceBox Box, float Margin, RotatedSquare? Square)
    {
        /// <summary>The region's pixels, jittered in place and size when <paramref name="jitter"/> is given.</summary>
        public (byte[] rgb, int width, int height) Cut(RgbImage image, Random? jitter)
        {
            if (Square is { } square)
            {
                if (jitter is not null) square = square.Jittered(1 + Next(jitter), Next(jitter), Next(jitter));
                return FaceChip.Extract(image.Pixels, image.Width, image.Height, square);
            }
            return FaceCrop.Extract(image.Pixels, image.Width, image.Height, jitter is null ? Box : Jittered(Box, jitter), Margin);
        }
    }

    FaceRegion Locate(RgbImage image, FaceBox box, float margin)
    {
        if (_landmarks is null) return new FaceRegion(box, margin, null);
        var crop = FaceCrop.Extract(image.Pixels, image.Width, image.Height, box, 0);
        float left = MathF.Floor(Math.Clamp(box.X, 0, image.Width)), top = MathF.Floor(Math.Clamp(box.Y, 0, image.Height));
        var points = _landmarks.DetectLandmarks(crop.Rgb, crop.Width, crop.Height)
            .Select(p => new FacePoint(p.X + left, p.Y + top)).ToArray();
        // With landmarks the margin is never added, not even when they give no usable region: the box stands as found.
        if (Alignment == FaceAlignment.Chip) return new FaceRegion(box, 0, FaceChip.Locate(points));
        return new FaceRegion(LandmarkBox(points, image) ?? box, 0, null);
    }

    /// <summary>
    /// face-api's aligned box: the landmarks' bounding box padded by a tenth of its size on each side, clipped to
    /// the photo; null when degenerate.
    /// </summary>
    static FaceBox? LandmarkBox(FacePoint[] points, RgbImage image)
    {
        float minX = points.Min(p => p.X), maxX = points.Max(p => p.X), minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        float width = (maxX - minX) * (1 + LandmarkPadding), height = (maxY - minY) * (1 + LandmarkPadding);
        if (width < 4 || height < 4) return null;
        var aligned = new FaceBox(1, (minX + maxX - width) / 2, (minY + maxY - height) / 2, width, height).ClipTo(image.Width, image.Height);
        return aligned.Width >= 4 && aligned.Height >= 4 ? aligned : null;
    }

    static float Next(Random random) => (float)(random.NextDouble() * 2 - 1) * Jitter;

    static FaceBox Jittered(FaceBox box, Random random)
    {
        float scale = 1 + Next(random);
        float width = box.Width * scale, height = box.Height * scale;
        return box with
        {
            X = box.X + (box.Width - width) / 2 + Next(random) * box.Width,
            Y = box.Y + (box.Height - height) / 2 + Next(random) * box.Height,
            Width = width,
            Height = height,
        };
    }

    static (byte[] rgb, int width, int height) Mirrored((byte[] rgb, int width, int height) crop)
    {
        var (rgb, width, height) = crop;
        var flipped = new byte[rgb.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                Array.Copy(rgb, (y * width + x) * 3, flipped, (y * width + width - 1 - x) * 3, 3);
        return (flipped, width, height);
    }

    public void Dispose()
    {
        _finder.Dispose();
        _recognition.Dispose();
        _landmarks?.Dispose();
    }
}

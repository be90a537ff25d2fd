using Fewshot.Faces;
using Fewshot.Imaging;
using static TorchSharp.torch;

namespace Fewshot.People;

/// <summary>
/// The face used for one photo (null box: none found, the whole photo stood in) and its descriptors per view.
/// <see cref="Others"/> are the photo's other large faces (training photos only), for choosing the labelled person.
/// </summary>
public sealed record FaceSample(FaceBox? Box, float[][] Descriptors)
{
    public bool Found => Box is not null;
    public IReadOnlyList<FaceSample> Others { get; init; } = [];
}

/// <summary>
/// Detects the largest face, crops it with a margin and embeds it with face-api's recognition network
/// (128-d). Extra training views are the mirrored crop and crops of a jittered box, each embedded once.
/// </summary>
public sealed class FaceFeatureExtractor : IDisposable
{
    const float Jitter = 0.08f;

    /// <summary>face-api pads the landmarks' bounding box by this share of its size in all (half on each side).</summary>
    const float LandmarkPadding = 0.2f;

    readonly FaceFinder _finder;
    readonly FaceRecognitionNet _recognition;
    readonly FaceLandmark68Net? _landmarks;

    public float Margin { get; }
    /// <summary>Whether faces are cut out along their 68 landmarks (face-api's aligned box) rather than the detector's box.</summary>
    public bool Align { get; }

    public FaceFeatureExtractor(float margin = 0.1f, string? modelDirectory = null, bool align = true)
    {
        Margin = margin;
        Align = align;
        _finder = new FaceFinder(modelDirectory);
        _recognition = FaceRecognitionNet.Load(modelDirectory);
        if (align) _landmarks = FaceLandmark68Net.Load(modelDirectory);
    }

    public FaceFinder Finder => _finder;

    /// <summary>Descriptors of <paramref name="views"/> views of the photo's largest face (view 0 is the plain crop).</summary>
    public FaceSample Extract(RgbImage image, int views = 1, ulong seed = 0)
    {
        var box = _finder.Largest(image);
        return new FaceSample(box, Embed(image, box, views, seed));
    }

    /// <summary>
    /// As <see cref="Extract(RgbImage, int, ulong)"/>, with up to <paramref name="maxOthers"/> other faces at least
    /// a quarter of the largest's area also embedded (a training photo may show its person beside a larger face).
    /// </summary>
    public FaceSample ExtractWithOthers(RgbImage image, int views, ulong seed, int maxOthers)
    {
        var faces = _finder.Detect(image).OrderByDescending(f => f.Area).ToList();
        if (faces.Count == 0) return new FaceSample(null, Embed(image, null, views, seed));
        var others = faces.Skip(1).Where(f => f.Area >= faces[0].Area / 4).Take(maxOthers)
            .Select(f => new FaceSample(f, Embed(image, f, views, seed))).ToList();
        return new FaceSample(faces[0], Embed(image, faces[0], views, seed)) { Others = others };
    }

    /// <summary>Descriptors for a known face box (null: the whole photo).</summary>
    public float[][] Embed(RgbImage image, FaceBox? box, int views, ulong seed)
    {
        var whole = new FaceBox(1, 0, 0, image.Width, image.Height);
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var crops = new List<(byte[] rgb, int width, int height)>(views);
        var faceBox = box ?? whole;
        float margin = box is null ? 0 : Margin;
        if (_landmarks is not null)
        {
            faceBox = LandmarkBox(image, faceBox);
            margin = 0;
        }
        for (int v = 0; v < views; v++)
        {
            var viewBox = faceBox;
            if (v >= 2) viewBox = Jittered(viewBox, random);
            var crop = FaceCrop.Extract(image.Pixels, image.Width, image.Height, viewBox, margin);
            bool mirror = v == 1 || (v >= 2 && random.Next(2) == 1);
            crops.Add(mirror ? Mirrored(crop) : crop);
        }
        using var descriptors = _recognition.ComputeDescriptors(crops);
        var flat = descriptors.data<float>().ToArray();
        return Enumerable.Range(0, views)
            .Select(v => flat.AsSpan(v * FaceRecognitionNet.DescriptorLength, FaceRecognitionNet.DescriptorLength).ToArray())
            .ToArray();
    }

    /// <summary>
    /// face-api's aligned box: 68 landmarks found in the detector's crop, their bounding box padded by a tenth
    /// of its size on each side, clipped to the photo. Falls back to the detector's box when degenerate.
    /// </summary>
    FaceBox LandmarkBox(RgbImage image, FaceBox box)
    {
        var crop = FaceCrop.Extract(image.Pixels, image.Width, image.Height, box, 0);
        var points = _landmarks!.DetectLandmarks(crop.Rgb, crop.Width, crop.Height);
        float left = MathF.Floor(Math.Clamp(box.X, 0, image.Width)), top = MathF.Floor(Math.Clamp(box.Y, 0, image.Height));
        float minX = points.Min(p => p.X) + left, maxX = points.Max(p => p.X) + left;
        float minY = points.Min(p => p.Y) + top, maxY = points.Max(p => p.Y) + top;
        float width = maxX - minX, height = maxY - minY;
        var aligned = new FaceBox(box.Score, minX - width * LandmarkPadding / 2, minY - height * LandmarkPadding / 2,
            width * (1 + LandmarkPadding), height * (1 + LandmarkPadding)).ClipTo(image.Width, image.Height);
        return aligned.Width >= 4 && aligned.Height >= 4 ? aligned : box;
    }

    static FaceBox Jittered(FaceBox box, Random random)
    {
        float Next() => (float)(random.NextDouble() * 2 - 1) * Jitter;
        float scale = 1 + Next();
        float width = box.Width * scale, height = box.Height * scale;
        return box with
        {
            X = box.X + (box.Width - width) / 2 + Next() * box.Width,
            Y = box.Y + (box.Height - height) / 2 + Next() * box.Height,
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

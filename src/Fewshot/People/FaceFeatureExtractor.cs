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

    /// <summary>Whether the plain view's descriptor averages the crop's and its mirror image's.</summary>
    public bool MirrorAverage { get; }
    /// <summary>Whether aligned crops are also rotated so the eyes are level.</summary>
    public bool Rotate { get; init; }
    const float MinRotation = 0.05f;

    public FaceFeatureExtractor(float margin = 0.1f, string? modelDirectory = null, bool align = true, bool mirrorAverage = true)
    {
        MirrorAverage = mirrorAverage;
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
        float margin = box is null ? 0 : Margin, angle = 0;
        if (_landmarks is not null)
        {
            (faceBox, angle) = LandmarkBox(image, faceBox);
            margin = 0;
        }
        for (int v = 0; v < views; v++)
        {
            var viewBox = faceBox;
            if (v >= 2) viewBox = Jittered(viewBox, random);
            var crop = angle == 0
                ? FaceCrop.Extract(image.Pixels, image.Width, image.Height, viewBox, margin)
                : RotatedCrop(image, viewBox, angle);
            bool mirror = v == 1 || (v >= 2 && random.Next(2) == 1);
            crops.Add(mirror ? Mirrored(crop) : crop);
        }
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
    /// face-api's aligned box: 68 landmarks found in the detector's crop, their bounding box padded by a tenth
    /// of its size on each side, clipped to the photo. Falls back to the detector's box when degenerate.
    /// With <see cref="Rotate"/> the box is taken in the frame where the eyes are level, and the angle returned
    /// (radians; the box is then centre and size in that frame, not clipped).
    /// </summary>
    (FaceBox Box, float Angle) LandmarkBox(RgbImage image, FaceBox box)
    {
        var crop = FaceCrop.Extract(image.Pixels, image.Width, image.Height, box, 0);
        var points = _landmarks!.DetectLandmarks(crop.Rgb, crop.Width, crop.Height);
        float left = MathF.Floor(Math.Clamp(box.X, 0, image.Width)), top = MathF.Floor(Math.Clamp(box.Y, 0, image.Height));
        var shifted = points.Select(p => (X: p.X + left, Y: p.Y + top)).ToArray();
        float angle = 0;
        if (Rotate)
        {
            var (lx, ly) = Mean(shifted[36..42]);
            var (rx, ry) = Mean(shifted[42..48]);
            angle = MathF.Atan2(ry - ly, rx - lx);
            if (MathF.Abs(angle) < MinRotation) angle = 0;
        }
        var (cx, cy) = Mean(shifted);
        float cos = MathF.Cos(-angle), sin = MathF.Sin(-angle);
        var local = shifted.Select(p => (X: cos * (p.X - cx) - sin * (p.Y - cy), Y: sin * (p.X - cx) + cos * (p.Y - cy))).ToArray();
        float minX = local.Min(p => p.X), maxX = local.Max(p => p.X), minY = local.Min(p => p.Y), maxY = local.Max(p => p.Y);
        float width = (maxX - minX) * (1 + LandmarkPadding), height = (maxY - minY) * (1 + LandmarkPadding);
        if (width < 4 || height < 4) return (box, 0);
        // Centre of the padded box, back in image coordinates.
        float bx = (minX + maxX) / 2, by = (minY + maxY) / 2;
        float centreX = cx + MathF.Cos(angle) * bx - MathF.Sin(angle) * by;
        float centreY = cy + MathF.Sin(angle) * bx + MathF.Cos(angle) * by;
        var aligned = new FaceBox(box.Score, centreX - width / 2, centreY - height / 2, width, height);
        if (angle != 0) return (aligned, angle);
        aligned = aligned.ClipTo(image.Width, image.Height);
        return aligned.Width >= 4 && aligned.Height >= 4 ? (aligned, 0) : (box, 0);
    }

    static (float X, float Y) Mean((float X, float Y)[] points) => (points.Average(p => p.X), points.Average(p => p.Y));

    /// <summary>The box's contents rotated by −angle about its centre (eyes level), bilinear, black outside the photo.</summary>
    static (byte[] rgb, int width, int height) RotatedCrop(RgbImage image, FaceBox box, float angle)
    {
        int width = Math.Max(1, (int)MathF.Round(box.Width)), height = Math.Max(1, (int)MathF.Round(box.Height));
        float cx = box.X + box.Width / 2, cy = box.Y + box.Height / 2, cos = MathF.Cos(angle), sin = MathF.Sin(angle);
        float scaleX = box.Width / width, scaleY = box.Height / height;
        var rgb = new byte[width * height * 3];
        var src = image.Pixels;
        for (int v = 0; v < height; v++)
            for (int u = 0; u < width; u++)
            {
                float dx = (u + 0.5f) * scaleX - box.Width / 2, dy = (v + 0.5f) * scaleY - box.Height / 2;
                float sx = cx + cos * dx - sin * dy - 0.5f, sy = cy + sin * dx + cos * dy - 0.5f;
                int x0 = (int)MathF.Floor(sx), y0 = (int)MathF.Floor(sy);
                float fx = sx - x0, fy = sy - y0;
                for (int c = 0; c < 3; c++)
                {
                    float Sample(int x, int y) => x < 0 || y < 0 || x >= image.Width || y >= image.Height ? 0 : src[(y * image.Width + x) * 3 + c];
                    float value = (1 - fy) * ((1 - fx) * Sample(x0, y0) + fx * Sample(x0 + 1, y0)) + fy * ((1 - fx) * Sample(x0, y0 + 1) + fx * Sample(x0 + 1, y0 + 1));
                    rgb[(v * width + u) * 3 + c] = (byte)Math.Clamp(MathF.Round(value), 0, 255);
                }
            }
        return (rgb, width, height);
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

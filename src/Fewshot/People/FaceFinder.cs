using Fewshot.Faces;
using Fewshot.Imaging;

namespace Fewshot.People;

/// <summary>
/// Finds the face to classify in a photo: SSD MobileNetV1 first (better recall on full scenes and on faces
/// that fill the frame), the tiny detector at a lower threshold when SSD finds nothing; the largest face wins.
/// </summary>
public sealed class FaceFinder : IDisposable
{
    public const float SsdMinConfidence = 0.4f;
    public const float TinyMinScore = 0.3f;
    /// <summary>Faces smaller than this (pixels, short side) are too small to identify; they count as not found.</summary>
    public const int MinFaceSide = 12;

    readonly SsdMobileNetV1Detector _ssd;
    readonly TinyFaceDetector _tiny;

    public FaceFinder(string? modelDirectory = null)
    {
        _ssd = SsdMobileNetV1Detector.Load(modelDirectory);
        _tiny = TinyFaceDetector.Load(modelDirectory);
    }

    /// <summary>The largest face, clipped to the photo, or null when there is none.</summary>
    public FaceBox? Largest(RgbImage image)
    {
        var faces = Detect(image);
        return faces.Count == 0 ? null : faces.MaxBy(f => f.Area);
    }

    /// <summary>Every face found, clipped to the photo.</summary>
    public IReadOnlyList<FaceBox> Detect(RgbImage image)
    {
        var faces = Usable(_ssd.Detect(image.Pixels, image.Width, image.Height, SsdMinConfidence), image);
        if (faces.Count == 0) faces = Usable(_tiny.Detect(image.Pixels, image.Width, image.Height, TinyMinScore), image);
        return faces;
    }

    static List<FaceBox> Usable(IEnumerable<FaceBox> boxes, RgbImage image) =>
        boxes.Select(b => b.ClipTo(image.Width, image.Height))
            .Where(b => Math.Min(b.Width, b.Height) >= MinFaceSide).ToList();

    public void Dispose()
    {
        _ssd.Dispose();
        _tiny.Dispose();
    }
}

using Fewshot.Faces;
using Fewshot.Imaging;

namespace Fewshot.People;

/// <summary>Where the face that stands for a photo came from.</summary>
public enum FaceSource
{
    /// <summary>Found by the detectors in the photo.</summary>
    Detector,
    /// <summary>Found only once the photo was padded with a grey border (tight face crops).</summary>
    Padded,
    /// <summary>No face found: the whole photo stood in for the face.</summary>
    WholePhoto,
    /// <summary>No face found and none used (the model leaves such photos out).</summary>
    None,
}

public static class FaceSources
{
    /// <summary>The source as results files and JSON name it: detector, padded, whole-photo or none.</summary>
    public static string Name(this FaceSource source) => source switch
    {
        FaceSource.Detector => "detector",
        FaceSource.Padded => "padded",
        FaceSource.WholePhoto => "whole-photo",
        FaceSource.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}

/// <summary>
/// The faces found in a photo, with the image their boxes refer to: the photo itself, or the photo padded by
/// <see cref="Border"/> pixels on every side when only the padded copy showed a face.
/// </summary>
public sealed record FaceSearch(RgbImage Image, int Border, IReadOnlyList<FaceBox> Faces)
{
    public bool Padded => Border > 0;

    /// <summary>A box of <see cref="Image"/> in the photo's own pixels, clipped to the photo.</summary>
    public FaceBox InPhoto(FaceBox box) => Border == 0 ? box
        : (box with { X = box.X - Border, Y = box.Y - Border }).ClipTo(Image.Width - 2 * Border, Image.Height - 2 * Border);
}

/// <summary>
/// Finds the faces in a photo: SSD MobileNetV1 first (better recall on full scenes and on faces that fill the
/// frame), the tiny detector at a lower threshold when SSD finds nothing. A face that fills a tight crop is often
/// missed by both (a third of 112-pixel aligned crops); <see cref="Search"/> then looks again with a grey border around
/// the photo, which brings most of them back (bench/README.md, "People mode").
/// </summary>
public sealed class FaceFinder : IDisposable
{
    public const float SsdMinConfidence = 0.4f;
    public const float TinyMinScore = 0.3f;
    /// <summary>Faces smaller than this (pixels, short side) are too small to identify; they count as not found.</summary>
    public const int MinFaceSide = 12;
    /// <summary>The padding's grey: the middle of the range, which the detectors' input scaling maps to 0.</summary>
    const byte BorderGrey = 128;

    readonly SsdMobileNetV1Detector _ssd;
    readonly TinyFaceDetector _tiny;

    public FaceFinder(string? modelDirectory = null)
    {
        _ssd = SsdMobileNetV1Detector.Load(modelDirectory);
        _tiny = TinyFaceDetector.Load(modelDirectory);
    }

    /// <summary>Every face found, clipped to the photo.</summary>
    public IReadOnlyList<FaceBox> Detect(RgbImage image)
    {
        var faces = Usable(_ssd.Detect(image.Pixels, image.Width, image.Height, SsdMinConfidence), image);
        if (faces.Count == 0) faces = Usable(_tiny.Detect(image.Pixels, image.Width, image.Height, TinyMinScore), image);
        return faces;
    }

    /// <summary>
    /// The photo's faces; when it shows none and <paramref name="padding"/> is positive, those of the photo padded on
    /// every side by that share of its longer side (0: the photo alone, as models trained before padding existed).
    /// </summary>
    public FaceSearch Search(RgbImage image, float padding)
    {
        var faces = Detect(image);
        if (faces.Count > 0 || padding <= 0) return new FaceSearch(image, 0, faces);
        int border = Math.Max(1, (int)MathF.Round(padding * Math.Max(image.Width, image.Height)));
        var padded = Pad(image, border);
        var again = Detect(padded);
        return again.Count == 0 ? new FaceSearch(image, 0, []) : new FaceSearch(padded, border, again);
    }

    static RgbImage Pad(RgbImage image, int border)
    {
        int width = image.Width + 2 * border, height = image.Height + 2 * border;
        var pixels = new byte[(long)width * height * 3];
        Array.Fill(pixels, BorderGrey);
        for (int y = 0; y < image.Height; y++)
            Array.Copy(image.Pixels, y * image.Width * 3, pixels, ((y + border) * width + border) * 3, image.Width * 3);
        return new RgbImage(width, height, pixels);
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

namespace Fewshot.Imaging;

/// <summary>
/// Decodes JPEG, PNG, GIF (first frame), BMP, WebP and ICO files into upright 8-bit RGB.
/// Policies, chosen to match how Pillow's <c>convert("RGB")</c> feeds fastai:
/// alpha is dropped (colour kept as stored, not composited), embedded colour profiles are ignored,
/// grayscale, CMYK and 16-bit images become 8-bit RGB, and EXIF orientation is applied.
/// A damaged file (pixel data that ends early, a JPEG without its end marker, a header that claims more pixels than the
/// data holds) is refused, saying why, unless <see cref="DecodeOptions.KeepPartial"/> keeps the part that decodes; a
/// file too short to read a header from, or of which nothing decodes, is always refused.
/// Every failure is an <see cref="ImageLoadException"/>.
/// </summary>
public static class ImageLoader
{
    /// <summary>
    /// The minSide slack of image models trained since 2026-12-07: one step of JPEG's reduced-scale decoding, which moves
    /// in eighths and often lands a few percent above minSide. Shrinking such a decode (or a photo a few percent larger
    /// than minSide) to minSide would take a cubic pass over every pixel, about as long as the decode itself, and only
    /// blur the picture.
    /// </summary>
    public const double ReducedScaleSlack = 8.0 / 7;

    /// <summary>The largest slack a model may record: model files and ONNX metadata with more are refused as damaged.</summary>
    public const double MaxModelSlack = 2;

    /// <summary>A slack a model may record: from 1 to <see cref="MaxModelSlack"/>.</summary>
    public static bool IsModelSlack(double slack) => slack is >= 1 and <= MaxModelSlack;

    /// <summary>The short side photos are decoded at for a model input of <paramref name="size"/> pixels: ceil(size × decodeScale).</summary>
    public static int DecodeSide(int size, double decodeScale) => (int)Math.Ceiling(size * decodeScale);

    /// <param name="minSide">When given, large images are decoded at reduced scale and downscaled so their short side
    /// is minSide (never upscaled).</param>
    /// <param name="minSideSlack">With a minSide: an image whose short side as decoded (at reduced scale where the format
    /// allows) is at most this many times minSide is kept as decoded; a larger one is shrunk to minSide. 1 shrinks every
    /// larger image.</param>
    public static RgbImage Load(string path, int? minSide = null, DecodeOptions? options = null, double minSideSlack = 1) =>
        Load(path, File.ReadAllBytes, minSide, options, minSideSlack);

    /// <summary>Like <see cref="Load(string, int?, DecodeOptions?, double)"/>, reading the file's bytes with
    /// <paramref name="readFile"/> (a seam for tests that need permission-denied or I/O errors).</summary>
    public static RgbImage Load(string path, Func<string, byte[]> readFile, int? minSide = null, DecodeOptions? options = null,
        double minSideSlack = 1)
    {
        ArgumentNullException.ThrowIfNull(readFile);
        return ImageDecoder.Decode(ReadFile(path, readFile), path, minSide, options ?? DecodeOptions.Default, minSideSlack);
    }

    /// <summary>
    /// A photo file's bytes (through <paramref name="readFile"/>, default <see cref="File.ReadAllBytes(string)"/>),
    /// or an <see cref="ImageLoadException"/> saying why not: a folder, a pipe or device, an unreadable file.
    /// </summary>
    public static byte[] ReadFile(string path, Func<string, byte[]>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new ImageLoadException(path, $"Cannot load image '{path}': it is a directory, not an image file.");
        // Pipes and devices report 0 bytes too, so they are refused without being opened: opening a pipe blocks until
        // someone writes to it, and /dev/zero never ends.
        if (Length(path) == 0) throw NoContent(path);
        try
        {
            return (readFile ?? File.ReadAllBytes)(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException
                                      or ArgumentException or System.Security.SecurityException)
        {
            throw new ImageLoadException(path,
                $"Cannot load image '{path}': the file could not be read ({e.Message}). Check that it exists and is readable.", e);
        }
    }

    static ImageLoadException NoContent(string path) =>
        new(path, $"Cannot load image '{path}': the file is empty (0 bytes), or not a regular file " +
                  "(a pipe or a device, which reading could block on or never finish). Remove it.");

    /// <summary>The size in bytes of the file a path leads to (following links), or null when it cannot be told.</summary>
    public static long? Length(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists) return null; // let the reader report what is wrong
            var target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            return target is { Exists: true } ? target.Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    /// <param name="name">How messages refer to this data, e.g. the original file name.</param>
    public static RgbImage Load(byte[] data, string name, int? minSide = null, DecodeOptions? options = null, double minSideSlack = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ImageDecoder.Decode(data, name ?? "(image data)", minSide, options ?? DecodeOptions.Default, minSideSlack);
    }

    /// <param name="name">How messages refer to this stream, e.g. the original file name.</param>
    public static RgbImage Load(Stream stream, string name, int? minSide = null, DecodeOptions? options = null, double minSideSlack = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= "(image stream)";
        byte[] data;
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            data = buffer.ToArray();
        }
        catch (Exception e)
        {
            throw new ImageLoadException(name, $"Cannot load image '{name}': the stream could not be read ({e.Message}).", e);
        }
        return ImageDecoder.Decode(data, name, minSide, options ?? DecodeOptions.Default, minSideSlack);
    }
}

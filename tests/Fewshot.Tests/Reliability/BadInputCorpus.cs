using Fewshot.Tests.Imaging;
using SkiaSharp;

namespace Fewshot.Tests.Reliability;

/// <summary>
/// The messy files real photo folders hold, dropped into a class folder at test time. Each bad file is listed
/// with a phrase its warning must contain; the good-but-unusual files must train like any photo.
/// </summary>
static class BadInputCorpus
{
    public sealed record BadFile(string Name, string Reason);

    /// <summary>Files that must be skipped, each named in a warning that gives this reason.</summary>
    public static readonly BadFile[] Skipped =
    [
        new("empty.jpg", "empty (0 bytes)"),
        new("cut in header.jpg", "header is truncated"),
        new("cut in half.jpg", "ends early"),
        new("random bytes.jpg", "not a recognised image"),
        new("bomb.png", "decompression bombs"),
        new("tiff renamed.jpg", "TIFF format, which is not supported"),
        new("scan.tiff", "not an image file type"),
        new("IMG_0001.HEIC", "not an image file type"),
        new("notes.txt", "not an image file type"),
        new("self loop.jpg", "could not be read"),
    ];

    /// <summary>Unusual but valid photos: they must be read, not skipped.</summary>
    public static readonly string[] Readable =
    [
        "one pixel.png", "rgb16.png", "cmyk.jpg", "animated.gif", "halves.webp", "exif_orientation6.jpg",
        "Éxposé ñ 北极熊 фото.jpg",
    ];

    /// <summary>Files that are ignored silently (system clutter).</summary>
    public static readonly string[] Ignored = [".DS_Store", "Thumbs.db", "._IMG_0001.jpg"];

    /// <summary>Writes every corpus file into <paramref name="classDir"/>; <paramref name="photo"/> is a real JPEG to copy.</summary>
    public static void WriteInto(string classDir, string photo)
    {
        string At(string name) => Path.Combine(classDir, name);
        var jpeg = File.ReadAllBytes(photo);
        File.WriteAllBytes(At("empty.jpg"), []);
        File.WriteAllBytes(At("cut in header.jpg"), jpeg[..40]);
        var junk = new byte[4096];
        new Random(11).NextBytes(junk);
        File.WriteAllBytes(At("random bytes.jpg"), junk);
        File.WriteAllBytes(At("bomb.png"), ImageLoaderErrorTests.PngClaiming(100_000, 100_000));
        File.Copy(TestImages.Fixture("halves.tiff"), At("tiff renamed.jpg"));
        File.Copy(TestImages.Fixture("halves.tiff"), At("scan.tiff"));
        File.WriteAllBytes(At("IMG_0001.HEIC"), HeicHeader());
        File.WriteAllText(At("notes.txt"), "not a photo");
        File.CreateSymbolicLink(At("self loop.jpg"), At("self loop.jpg"));
        // A folder link back to the class folder: following it would recurse forever.
        Directory.CreateSymbolicLink(At("loop"), classDir);

        File.WriteAllBytes(At("one pixel.png"), OnePixelPng());
        foreach (var fixture in new[] { "rgb16.png", "cmyk.jpg", "animated.gif", "halves.webp", "exif_orientation6.jpg" })
            File.Copy(TestImages.Fixture(fixture), At(fixture));
        File.Copy(photo, At("Éxposé ñ 北极熊 фото.jpg"));
        File.WriteAllBytes(At("cut in half.jpg"), jpeg[..(jpeg.Length / 2)]);

        File.WriteAllBytes(At(".DS_Store"), [0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]);
        File.WriteAllBytes(At("Thumbs.db"), [0xD0, 0xCF, 0x11, 0xE0]);
        File.WriteAllBytes(At("._IMG_0001.jpg"), [0, 5, 22, 7, 0, 2, 0, 0]);
    }

    static byte[] HeicHeader()
    {
        var data = new byte[256];
        "\0\0\0\u0018ftypheic"u8.ToArray().CopyTo(data, 0);
        return data;
    }

    static byte[] OnePixelPng()
    {
        using var bitmap = new SKBitmap(1, 1);
        bitmap.SetPixel(0, 0, new SKColor(200, 30, 90));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}

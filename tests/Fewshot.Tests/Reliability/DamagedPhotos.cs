using Fewshot.Tests.Support;
using SkiaSharp;

namespace Fewshot.Tests.Reliability;

/// <summary>
/// Photos damaged the ways downloads and copies damage them, made at test time from a real bears photo (re-encoded at
/// 400×320 as JPEG, PNG, WebP and BMP) and a real GIF: cut short, missing their end marker, or with a header that claims
/// more pixels than the data holds. Each comes with a phrase the reason for skipping it must contain.
/// </summary>
static class DamagedPhotos
{
    public sealed record Damaged(string Name, byte[] Data, string Reason);

    public static IReadOnlyList<Damaged> All()
    {
        var jpeg = Encode(SKEncodedImageFormat.Jpeg);
        var png = Encode(SKEncodedImageFormat.Png);
        var webp = Encode(SKEncodedImageFormat.Webp);
        var gif = File.ReadAllBytes(Path.Combine(SharedData.Dataset("hymenoptera"), "train", "ants", "imageNotFound.gif"));
        var bmp = Bmp();
        return
        [
            new("jpeg cut at 10%.jpg", Cut(jpeg, 0.1), "truncated"),
            new("jpeg cut at 50%.jpg", Cut(jpeg, 0.5), "truncated"),
            new("jpeg cut at 90%.jpg", Cut(jpeg, 0.9), "truncated"),
            new("jpeg without end marker.jpg", jpeg[..^2], "truncated"),
            new("png cut at 50%.png", Cut(png, 0.5), "truncated"),
            new("webp cut at 50%.webp", Cut(webp, 0.5), "truncated"),
            new("gif cut at 33%.gif", Cut(gif, 0.33), "truncated"),
            new("jpeg claiming 12000x12000.jpg", JpegClaiming(jpeg, 12000, 12000), "more than its"),
            new("bmp claiming 4096x4096.bmp", BmpClaiming(bmp, 4096, 4096), "more than the file"),
        ];
    }

    /// <summary>The undamaged originals the damaged photos were made from (they must decode).</summary>
    public static IReadOnlyList<(string Name, byte[] Data)> Intact() =>
    [
        ("intact.jpg", Encode(SKEncodedImageFormat.Jpeg)), ("intact.png", Encode(SKEncodedImageFormat.Png)),
        ("intact.webp", Encode(SKEncodedImageFormat.Webp)),
        ("intact.gif", File.ReadAllBytes(Path.Combine(SharedData.Dataset("hymenoptera"), "train", "ants", "imageNotFound.gif"))),
        ("intact.bmp", Bmp()),
    ];

    public static void WriteInto(string folder)
    {
        foreach (var photo in All()) File.WriteAllBytes(Path.Combine(folder, photo.Name), photo.Data);
    }

    static SKBitmap Photo()
    {
        var photo = Directory.GetFiles(Path.Combine(SharedData.Dataset("bears"), "train", "black"), "*.jpg").Order(StringComparer.Ordinal).First();
        using var original = SKBitmap.Decode(photo);
        return original.Resize(new SKImageInfo(400, 320, SKColorType.Rgba8888, SKAlphaType.Opaque), SKSamplingOptions.Default);
    }

    static byte[] Encode(SKEncodedImageFormat format)
    {
        using var photo = Photo();
        using var encoded = photo.Encode(format, 90);
        return encoded.ToArray();
    }

    /// <summary>The photo as an uncompressed 24-bit BMP (SkiaSharp does not write BMP): bottom-up BGR rows padded to 4 bytes.</summary>
    static byte[] Bmp()
    {
        using var photo = Photo();
        int stride = (photo.Width * 3 + 3) / 4 * 4, size = 54 + stride * photo.Height;
        var bmp = new byte[size];
        "BM"u8.CopyTo(bmp);
        BitConverter.GetBytes(size).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(photo.Width).CopyTo(bmp, 18);
        BitConverter.GetBytes(photo.Height).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        for (int y = 0; y < photo.Height; y++)
            for (int x = 0; x < photo.Width; x++)
            {
                var pixel = photo.GetPixel(x, y);
                int at = 54 + (photo.Height - 1 - y) * stride + 3 * x;
                (bmp[at], bmp[at + 1], bmp[at + 2]) = (pixel.Blue, pixel.Green, pixel.Red);
            }
        return bmp;
    }

    static byte[] Cut(byte[] data, double share) => data[..(int)(data.Length * share)];

    /// <summary>The same JPEG with the frame header's height and width replaced.</summary>
    static byte[] JpegClaiming(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        var frame = copy.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        Assert.True(frame > 0, "Skia writes baseline JPEGs (SOF0)");
        (copy[frame + 5], copy[frame + 6]) = ((byte)(height >> 8), (byte)height);
        (copy[frame + 7], copy[frame + 8]) = ((byte)(width >> 8), (byte)width);
        return copy;
    }

    /// <summary>The same BMP with the info header's width and height replaced.</summary>
    static byte[] BmpClaiming(byte[] bmp, int width, int height)
    {
        var copy = (byte[])bmp.Clone();
        BitConverter.GetBytes(width).CopyTo(copy, 18);
        BitConverter.GetBytes(height).CopyTo(copy, 22);
        return copy;
    }
}

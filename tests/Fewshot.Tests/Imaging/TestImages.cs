using Fewshot.Imaging;
using Fewshot.Tests.Support;
using SkiaSharp;

namespace Fewshot.Tests.Imaging;

/// <summary>Fixture paths, synthetic images and pixel assertions for the imaging tests.</summary>
static class TestImages
{
    public static string Fixture(string name) => Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "images", name);

    public static (byte R, byte G, byte B) At(this RgbImage image, int x, int y)
    {
        var i = (y * image.Width + x) * 3;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    public static void AssertColor((byte R, byte G, byte B) expected, RgbImage image, int x, int y, int tolerance = 0)
    {
        var actual = image.At(x, y);
        var off = Math.Max(Math.Abs(actual.R - expected.R), Math.Max(Math.Abs(actual.G - expected.G), Math.Abs(actual.B - expected.B)));
        Assert.True(off <= tolerance, $"pixel ({x},{y}) of {image.Width}×{image.Height} is {actual}, expected {expected} ±{tolerance}");
    }

    /// <summary>An image whose pixel (x, y) is colour(x, y).</summary>
    public static RgbImage Make(int width, int height, Func<int, int, (byte R, byte G, byte B)> colour)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var (r, g, b) = colour(x, y);
            var i = (y * width + x) * 3;
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Smooth but non-symmetric content, so flips, rotations and seeds are all visible.</summary>
    public static RgbImage Textured(int width, int height) => Make(width, height, (x, y) =>
        ((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)(128 + 100 * Math.Sin(x * 0.3) * Math.Cos(y * 0.2))));

    public static double MeanAbsoluteDifference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        long sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++) sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        return (double)sum / a.Pixels.Length;
    }

    /// <summary>Encodes a width×height gradient photo-like JPEG with SkiaSharp.</summary>
    public static byte[] GradientJpeg(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var i = y * bitmap.RowBytes + x * 4;
            span[i] = (byte)(x * 255 / width);
            span[i + 1] = (byte)(y * 255 / height);
            span[i + 2] = (byte)((x / 16 + y / 16) % 2 * 200);
            span[i + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}

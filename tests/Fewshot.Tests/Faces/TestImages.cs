using SkiaSharp;

namespace Fewshot.Tests.Faces;

static class TestImages
{
    /// <summary>Decodes a photo to row-major RGB bytes.</summary>
    public static (byte[] Rgb, int Width, int Height) DecodeRgb(string path)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidOperationException($"cannot decode {path}");
        using var rgba = decoded.Copy(SKColorType.Rgba8888)
            ?? throw new InvalidOperationException($"cannot convert {path} to RGBA");
        var pixels = rgba.GetPixelSpan();
        var rgb = new byte[decoded.Width * decoded.Height * 3];
        for (var y = 0; y < decoded.Height; y++)
            for (var x = 0; x < decoded.Width; x++)
            {
                var from = y * rgba.RowBytes + x * 4;
                var to = (y * decoded.Width + x) * 3;
                rgb[to] = pixels[from];
                rgb[to + 1] = pixels[from + 1];
                rgb[to + 2] = pixels[from + 2];
            }
        return (rgb, decoded.Width, decoded.Height);
    }
}

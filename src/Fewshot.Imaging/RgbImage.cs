using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>An 8-bit RGB image: interleaved R, G, B bytes, row-major, no padding between rows.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException(
                $"an RGB image of {width}×{height} needs {(long)width * height * 3} bytes, got {pixels.Length}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>An opaque RGBA Skia bitmap of this image, for drawing and encoding; the caller disposes it.</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = bitmap.GetPixelSpan();
        ReadOnlySpan<byte> rgb = Pixels;
        var rowBytes = bitmap.RowBytes;
        for (var y = 0; y < Height; y++)
        {
            var from = rgb.Slice(y * Width * 3, Width * 3);
            var to = rgba.Slice(y * rowBytes, Width * 4);
            for (int s = 0, t = 0; s < from.Length; s += 3, t += 4)
            {
                to[t] = from[s];
                to[t + 1] = from[s + 1];
                to[t + 2] = from[s + 2];
                to[t + 3] = 255;
            }
        }
        return bitmap;
    }
}

using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>Small bitmaps of photos for the picture grids.</summary>
public static class Thumbnails
{
    /// <summary>The photo decoded with its short side near <paramref name="side"/>, or null when it cannot be read.</summary>
    public static SKBitmap? Load(string path, int side = 200)
    {
        try { return ToBitmap(ImageLoader.Load(path, side)); }
        catch (ImageLoadException) { return null; }
    }

    public static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = image.Pixels[i];
            rgba[j + 1] = image.Pixels[i + 1];
            rgba[j + 2] = image.Pixels[i + 2];
            rgba[j + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return bitmap;
    }
}

using Fewshot.Imaging;
using SkiaSharp;

namespace Fewshot.Evaluation;

/// <summary>Small bitmaps of photos for the picture grids.</summary>
public static class Thumbnails
{
    /// <summary>The photo decoded with its short side near <paramref name="side"/>, or null when it cannot be read.</summary>
    public static SKBitmap? Load(string path, int side = 200)
    {
        try { return ImageLoader.Load(path, side).ToBitmap(); }
        catch (ImageLoadException) { return null; }
    }

    /// <summary>The photo as a small JPEG (short side near <paramref name="side"/>) for an HTML page, or null when it cannot be read.</summary>
    public static byte[]? Jpeg(string path, int side = 160)
    {
        using var bitmap = Load(path, side);
        if (bitmap is null) return null;
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}

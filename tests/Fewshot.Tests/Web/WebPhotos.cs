using SkiaSharp;

namespace Fewshot.Tests.Web;

/// <summary>Small generated photos for upload tests.</summary>
static class WebPhotos
{
    public static byte[] Png(int side = 96, byte shade = 120)
    {
        using var bitmap = new SKBitmap(side, side);
        bitmap.Erase(new SKColor(shade, (byte)(255 - shade), 60));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

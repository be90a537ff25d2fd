using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>Copies decoded RGBA into an upright RGB image, applying the EXIF orientation and dropping alpha.</summary>
internal static class OrientedCopy
{
    public static RgbImage ToRgb(SKBitmap rgba, SKEncodedOrigin origin)
    {
        var (width, height) = (rgba.Width, rgba.Height);
        ReadOnlySpan<byte> source = rgba.GetPixelSpan();
        var rowBytes = rgba.RowBytes;
        var swapsAxes = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outWidth, outHeight) = swapsAxes ? (height, width) : (width, height);
        var pixels = GC.AllocateUninitializedArray<byte>(outWidth * outHeight * 3);

        if (origin is SKEncodedOrigin.TopLeft or 0)
        {
            for (var y = 0; y < height; y++)
            {
                var row = source.Slice(y * rowBytes, width * 4);
                var target = pixels.AsSpan(y * width * 3, width * 3);
                for (int x = 0, s = 0, t = 0; x < width; x++, s += 4, t += 3)
                {
                    target[t] = row[s];
                    target[t + 1] = row[s + 1];
                    target[t + 2] = row[s + 2];
                }
            }
            return new RgbImage(outWidth, outHeight, pixels);
        }

        // For each upright pixel (x', y'), the stored pixel is at (x0 + x'·dxCol + y'·dxRow, y0 + x'·dyCol + y'·dyRow).
        var (x0, dxCol, dxRow, y0, dyCol, dyRow) = origin switch
        {
            SKEncodedOrigin.TopRight => (width - 1, -1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => (width - 1, -1, 0, height - 1, 0, -1),
            SKEncodedOrigin.BottomLeft => (0, 1, 0, height - 1, 0, -1),
            SKEncodedOrigin.LeftTop => (0, 0, 1, 0, 1, 0),
            SKEncodedOrigin.RightTop => (0, 0, 1, height - 1, -1, 0),
            SKEncodedOrigin.RightBottom => (width - 1, 0, -1, height - 1, -1, 0),
            SKEncodedOrigin.LeftBottom => (width - 1, 0, -1, 0, 1, 0),
            _ => (0, 1, 0, 0, 0, 1),
        };
        var t2 = 0;
        for (var yo = 0; yo < outHeight; yo++)
        for (var xo = 0; xo < outWidth; xo++, t2 += 3)
        {
            var sx = x0 + xo * dxCol + yo * dxRow;
            var sy = y0 + xo * dyCol + yo * dyRow;
            var s = sy * rowBytes + sx * 4;
            pixels[t2] = source[s];
            pixels[t2 + 1] = source[s + 1];
            pixels[t2 + 2] = source[s + 2];
        }
        return new RgbImage(outWidth, outHeight, pixels);
    }
}

using SkiaSharp;

namespace Fewshot.Imaging;

/// <summary>Good-quality shrinking: exact halvings (box filter) while at least 2× too big, then one cubic step.</summary>
internal static class Downscaler
{
    static readonly SKSamplingOptions Halving = new(SKFilterMode.Linear, SKMipmapMode.None);
    static readonly SKSamplingOptions Final = new(SKCubicResampler.Mitchell);

    /// <summary>A new bitmap of width×height; the caller disposes both.</summary>
    public static SKBitmap Resize(SKBitmap source, int width, int height)
    {
        var current = source;
        try
        {
            // Bilinear sampling at exactly half size averages each 2×2 block.
            while (current.Width / 2 >= width && current.Height / 2 >= height && current.Width >= 2 && current.Height >= 2)
                current = Replace(current, source, Scale(current, current.Width / 2, current.Height / 2, Halving));
            return Scale(current, width, height, Final);
        }
        finally
        {
            if (current != source) current.Dispose();
        }
    }

    static SKBitmap Replace(SKBitmap current, SKBitmap source, SKBitmap next)
    {
        if (current != source) current.Dispose();
        return next;
    }

    static SKBitmap Scale(SKBitmap from, int width, int height, SKSamplingOptions sampling)
    {
        var to = new SKBitmap(from.Info.WithSize(width, height));
        if (!from.ScalePixels(to, sampling))
        {
            to.Dispose();
            throw new InvalidOperationException($"Skia could not scale {from.Width}×{from.Height} to {width}×{height}");
        }
        return to;
    }
}
